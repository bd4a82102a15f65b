using System.Diagnostics;
using HealthMesh.Inference.Batching;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HealthMesh.Inference.Runtime;

/// <summary>
/// A loaded model folder: one ONNX Runtime session (thread-safe, shared by every caller), its checked manifest,
/// its tokenizer and the micro-batcher in front of the encoder tasks. Sequences are padded to a length bucket
/// (a power of two from 8, capped at the max length) whether they run alone or batched, so a sequence's result
/// does not depend on which other requests shared its batch.
/// </summary>
public sealed class OnnxModel : IAsyncDisposable
{
    private readonly MicroBatcher<EncodedText, SequenceOutput> _batcher;
    private readonly KeyValuePair<string, object?> _modelTag;

    internal OnnxModel(string name, string folder, string contentHash, ModelManifest manifest, ModelTokenizer tokenizer, InferenceSession session, ExecutionProviderSelection provider, MicroBatchingOptions batching)
    {
        Name = name;
        Folder = folder;
        ContentHash = contentHash;
        Manifest = manifest;
        Tokenizer = tokenizer;
        Session = session;
        Provider = provider;
        _modelTag = new KeyValuePair<string, object?>("model", name);
        _batcher = new MicroBatcher<EncodedText, SequenceOutput>((batch, _) => RunBatch(batch), e => Bucket(e.Ids.Length), batching);
    }

    public string Name { get; }

    public string Folder { get; }

    /// <summary>SHA-256 of model.onnx (hex), for the note engine's provenance.</summary>
    public string ContentHash { get; }

    public ModelManifest Manifest { get; }

    public ModelTokenizer Tokenizer { get; }

    public InferenceSession Session { get; }

    public ExecutionProviderSelection Provider { get; }

    public EncodedText Encode(string text) => Tokenizer.Encode(text, Manifest.MaxLength);

    /// <summary>Runs one sequence through the micro-batcher (it may share an ONNX Runtime run with concurrent callers).</summary>
    public Task<SequenceOutput> RunAsync(EncodedText sequence, CancellationToken cancellationToken) => _batcher.RunAsync(sequence, cancellationToken);

    /// <summary>Padded length of a sequence of <paramref name="length"/> tokens.</summary>
    public int Bucket(int length)
    {
        var bucket = 8;
        while (bucket < length)
        {
            bucket *= 2;
        }

        return Math.Min(bucket, Math.Max(Manifest.MaxLength, length));
    }

    /// <summary>Runs sequences of one bucket as one batch (no batcher): the encoder tasks' unit of work.</summary>
    public IReadOnlyList<SequenceOutput> RunBatch(IReadOnlyList<EncodedText> sequences)
    {
        if (sequences.Count == 0)
        {
            return [];
        }

        var length = sequences.Max(s => Bucket(s.Ids.Length));
        var batch = sequences.Count;
        var ids = new DenseTensor<long>([batch, length]);
        var mask = new DenseTensor<long>([batch, length]);
        for (var b = 0; b < batch; b++)
        {
            var sequence = sequences[b].Ids;
            for (var t = 0; t < length; t++)
            {
                ids[b, t] = t < sequence.Length ? sequence[t] : Tokenizer.PaddingId;
                mask[b, t] = t < sequence.Length ? 1 : 0;
            }
        }

        var names = Manifest.InputNames;
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(names.InputIds, ids) };
        if (names.AttentionMask is { } maskName)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(maskName, mask));
        }

        if (names.TokenTypeIds is { } typesName)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(typesName, new DenseTensor<long>([batch, length])));
        }

        var started = Stopwatch.GetTimestamp();
        using var results = Session.Run(inputs, [Manifest.Output]);
        InferenceMetrics.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _modelTag);
        InferenceMetrics.BatchSize.Record(batch, _modelTag);

        var output = results[0].AsTensor<float>();
        var dims = output.Dimensions;
        var buffer = ((DenseTensor<float>)output).Buffer.Span;
        var split = new SequenceOutput[batch];
        if (dims.Length == 2)
        {
            var columns = dims[1];
            for (var b = 0; b < batch; b++)
            {
                split[b] = new SequenceOutput(buffer.Slice(b * columns, columns).ToArray(), 1, columns);
            }
        }
        else
        {
            var (rows, columns) = (dims[1], dims[2]);
            for (var b = 0; b < batch; b++)
            {
                var real = sequences[b].Ids.Length;
                split[b] = new SequenceOutput(buffer.Slice(b * rows * columns, real * columns).ToArray(), real, columns);
            }
        }

        return split;
    }

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        Session.Dispose();
    }
}
