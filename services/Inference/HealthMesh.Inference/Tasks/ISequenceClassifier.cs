namespace HealthMesh.Inference.Tasks;

/// <summary>One label per text (section of an unheaded sentence, note type), with the probability of every label.</summary>
public interface ISequenceClassifier
{
    IReadOnlyList<string> Labels { get; }

    Task<IReadOnlyList<LabelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
