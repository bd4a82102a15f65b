using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.Text;

/// <summary>
/// The ONNX section classifier behind <see cref="IUnheadedSectionClassifier"/>: a sequence-classification model whose
/// labels are <see cref="NoteSectionKind"/> names. A note's sentences run as batches (one per length bucket); a
/// sentence below <see cref="SummarizationOptions.SectionModelMinConfidence"/>, or every sentence when the model
/// fails at run time (logged), keeps the rule answer.
/// </summary>
public sealed class OnnxSectionClassifier : IUnheadedSectionClassifier
{
    private readonly OnnxModel _model;
    private readonly NoteSectionKind[] _sections;
    private readonly float _minConfidence;
    private readonly ILogger<OnnxSectionClassifier> _logger;

    public OnnxSectionClassifier(OnnxModelRegistry registry, IOptions<SummarizationOptions> options, ILogger<OnnxSectionClassifier> logger)
    {
        _model = registry.Get(SummarizationOptions.SectionModelName);
        var labels = _model.Manifest.Labels ?? [];
        var unknown = labels.Where(l => !Enum.TryParse<NoteSectionKind>(l, out _)).ToList();
        if (_model.Manifest.Task != ModelTask.SequenceClassification || unknown.Count > 0)
        {
            throw new ModelContractException(_model.Folder, [$"the section classifier must be a SequenceClassification model whose labels are section names ({string.Join(", ", Enum.GetNames<NoteSectionKind>())}); not: {string.Join(", ", unknown)}"]);
        }

        _sections = [.. labels.Select(Enum.Parse<NoteSectionKind>)];
        _minConfidence = (float)options.Value.SectionModelMinConfidence;
        _logger = logger;
    }

    public string ContentHash => _model.ContentHash;

    public IReadOnlyList<NoteSectionKind?> Classify(IReadOnlyList<string> sentences)
    {
        var result = new NoteSectionKind?[sentences.Count];
        try
        {
            var encoded = sentences.Select(_model.Encode).ToList();
            foreach (var bucket in Enumerable.Range(0, encoded.Count).GroupBy(i => _model.Bucket(encoded[i].Ids.Length)))
            {
                var indexes = bucket.ToList();
                var outputs = _model.RunBatch([.. indexes.Select(i => encoded[i])]);
                for (var j = 0; j < indexes.Count; j++)
                {
                    var (best, probability) = Best(outputs[j].Row(0));
                    result[indexes[j]] = probability >= _minConfidence ? _sections[best] : null;
                }
            }
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            // Sentences are never logged (PHI); the rule answer stands for the whole note.
            _logger.LogWarning(e, "Section classifier {Model} failed on a note of {Sentences} sentences; the rule sectionizer's answer is kept", _model.Name, sentences.Count);
            Array.Clear(result);
        }

        return result;
    }

    private static (int Best, float Probability) Best(ReadOnlySpan<float> logits)
    {
        var best = 0;
        var max = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > max)
            {
                (best, max) = (i, logits[i]);
            }
        }

        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        return (best, (float)(1 / sum));
    }
}
