using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;

namespace HealthMesh.Inference.Tasks;

public sealed class OnnxSequenceClassifier : ISequenceClassifier
{
    private readonly OnnxModel _model;

    public OnnxSequenceClassifier(OnnxModel model)
    {
        if (model.Manifest.Task != ModelTask.SequenceClassification)
        {
            throw new ArgumentException($"Model '{model.Name}' is a {model.Manifest.Task} model, not {ModelTask.SequenceClassification}.", nameof(model));
        }

        _model = model;
    }

    public IReadOnlyList<string> Labels => _model.Manifest.Labels ?? [];

    public async Task<IReadOnlyList<LabelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var outputs = await Task.WhenAll(texts.Select(t => _model.RunAsync(_model.Encode(t), cancellationToken))).ConfigureAwait(false);
        return [.. outputs.Select(o =>
        {
            var probabilities = Softmax.Of(o.Row(0));
            var best = Softmax.ArgMax(probabilities);
            return new LabelScores(Labels[best], probabilities[best], probabilities);
        })];
    }
}
