using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.Tasks;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Summarization.Embeddings;

/// <summary>
/// The ONNX text-embedding model behind <see cref="ISentenceEmbedder"/>. A note's texts run as batches, one per
/// length bucket (a note is drafted on one thread, so there is nothing for the micro-batcher to group).
/// </summary>
public sealed class OnnxSentenceEmbedder : ISentenceEmbedder
{
    private readonly OnnxModel _model;
    private readonly ILogger<OnnxSentenceEmbedder> _logger;

    public OnnxSentenceEmbedder(OnnxModelRegistry registry, ILogger<OnnxSentenceEmbedder> logger)
    {
        _model = registry.Get(SummarizationOptions.EmbeddingModelName);
        if (_model.Manifest.Task != ModelTask.TextEmbedding)
        {
            throw new ModelContractException(_model.Folder, [$"the summarizer's embedding model must be a {ModelTask.TextEmbedding} model, not {_model.Manifest.Task}"]);
        }

        _logger = logger;
    }

    public string ContentHash => _model.ContentHash;

    public IReadOnlyList<float[]>? Embed(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        try
        {
            var encoded = texts.Select(_model.Encode).ToList();
            foreach (var bucket in Enumerable.Range(0, encoded.Count).GroupBy(i => _model.Bucket(encoded[i].Ids.Length)))
            {
                var indexes = bucket.ToList();
                var outputs = _model.RunBatch([.. indexes.Select(i => encoded[i])]);
                for (var j = 0; j < indexes.Count; j++)
                {
                    result[indexes[j]] = OnnxTextEmbedder.Pool(outputs[j]);
                }
            }
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            // Texts are never logged (PHI).
            _logger.LogWarning(e, "Embedding model {Model} failed on {Texts} texts; ranking and coding fall back to the rules for this note", _model.Name, texts.Count);
            return null;
        }

        return result;
    }

    public static float Cosine(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
