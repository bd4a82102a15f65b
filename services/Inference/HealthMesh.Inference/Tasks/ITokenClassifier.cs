namespace HealthMesh.Inference.Tasks;

/// <summary>Labelled character spans in texts (clinical concepts; PHI for de-identification).</summary>
public interface ITokenClassifier
{
    Task<IReadOnlyList<IReadOnlyList<LabelledSpan>>> TagAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
