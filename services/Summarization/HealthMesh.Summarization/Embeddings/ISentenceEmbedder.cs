namespace HealthMesh.Summarization.Embeddings;

/// <summary>Unit-length vectors for sentences and phrases (cosine = dot product), for ranking and code retrieval.</summary>
public interface ISentenceEmbedder
{
    /// <summary>Content hash of what embeds (the model file), for the note engine's provenance.</summary>
    string ContentHash { get; }

    /// <summary>One vector per text, in order; null when the model failed (logged): the caller keeps its rule answer.</summary>
    IReadOnlyList<float[]>? Embed(IReadOnlyList<string> texts);
}
