using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;

namespace HealthMesh.Inference.Tasks;

/// <summary>Embeddings from a <see cref="ModelTask.TextEmbedding"/> model: per-token outputs are mean-pooled over real tokens, then L2-normalised.</summary>
public sealed class OnnxTextEmbedder : ITextEmbedder
{
    private readonly OnnxModel _model;

    public OnnxTextEmbedder(OnnxModel model)
    {
        if (model.Manifest.Task != ModelTask.TextEmbedding)
        {
            throw new ArgumentException($"Model '{model.Name}' is a {model.Manifest.Task} model, not {ModelTask.TextEmbedding}.", nameof(model));
        }

        _model = model;
    }

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var outputs = await Task.WhenAll(texts.Select(t => _model.RunAsync(_model.Encode(t), cancellationToken))).ConfigureAwait(false);
        return [.. outputs.Select(Pool)];
    }

    public static float[] Pool(SequenceOutput output)
    {
        var vector = new float[output.Columns];
        for (var r = 0; r < output.Rows; r++)
        {
            var row = output.Row(r);
            for (var c = 0; c < vector.Length; c++)
            {
                vector[c] += row[c] / output.Rows;
            }
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var c = 0; c < vector.Length; c++)
            {
                vector[c] /= norm;
            }
        }

        return vector;
    }
}
