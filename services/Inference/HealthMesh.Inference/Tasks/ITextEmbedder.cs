namespace HealthMesh.Inference.Tasks;

/// <summary>Unit-length vectors for texts (cosine = dot product): sentence ranking, code retrieval.</summary>
public interface ITextEmbedder
{
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
