using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.Tokenization;

namespace HealthMesh.Inference.Tasks;

/// <summary>
/// Spans from a <see cref="ModelTask.TokenClassification"/> model with BIO labels ("O", "B-X", "I-X"; a bare "X" is
/// read as inside X): consecutive tokens of one entity merge into one span; special tokens are skipped.
/// </summary>
public sealed class OnnxTokenClassifier : ITokenClassifier
{
    private readonly OnnxModel _model;

    public OnnxTokenClassifier(OnnxModel model)
    {
        if (model.Manifest.Task != ModelTask.TokenClassification)
        {
            throw new ArgumentException($"Model '{model.Name}' is a {model.Manifest.Task} model, not {ModelTask.TokenClassification}.", nameof(model));
        }

        _model = model;
    }

    public async Task<IReadOnlyList<IReadOnlyList<LabelledSpan>>> TagAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var encoded = texts.Select(_model.Encode).ToList();
        var outputs = await Task.WhenAll(encoded.Select(e => _model.RunAsync(e, cancellationToken))).ConfigureAwait(false);
        return [.. encoded.Select((e, i) => Spans(e, outputs[i], _model.Manifest.Labels ?? []))];
    }

    public static IReadOnlyList<LabelledSpan> Spans(EncodedText encoded, SequenceOutput output, IReadOnlyList<string> labels)
    {
        var spans = new List<LabelledSpan>();
        (string Entity, int Start, int End, float Score)? open = null;
        for (var t = 0; t < output.Rows; t++)
        {
            var (start, length) = encoded.Offsets[t];
            if (start < 0)
            {
                continue;
            }

            var probabilities = Softmax.Of(output.Row(t));
            var best = Softmax.ArgMax(probabilities);
            var label = labels[best];
            var (prefix, entity) = label == "O" ? ('O', "") : label.Length > 2 && label[1] == '-' ? (label[0], label[2..]) : ('I', label);
            if (open is { } current && (prefix != 'I' || entity != current.Entity))
            {
                spans.Add(new LabelledSpan(current.Entity, current.Start, current.End - current.Start, current.Score));
                open = null;
            }

            if (prefix == 'O')
            {
                continue;
            }

            open = open is { } continuing
                ? continuing with { End = start + length, Score = Math.Min(continuing.Score, probabilities[best]) }
                : (entity, start, start + length, probabilities[best]);
        }

        if (open is { } last)
        {
            spans.Add(new LabelledSpan(last.Entity, last.Start, last.End - last.Start, last.Score));
        }

        return spans;
    }
}
