namespace HealthMesh.Summarization.Text;

/// <summary>
/// Names the section of each sentence of a note that has no headings (a model's work: the rules have nothing to go
/// on there). Null for a sentence means not confident: the rule answer (history of present illness) stands.
/// </summary>
public interface IUnheadedSectionClassifier
{
    /// <summary>Content hash of what classifies (the model file), for the note engine's provenance.</summary>
    string ContentHash { get; }

    IReadOnlyList<NoteSectionKind?> Classify(IReadOnlyList<string> sentences);
}
