using HealthMesh.Contracts;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// Builds a draft note from de-identified context. The rule engine is the default; model-based engines (ONNX) plug in
/// here and must keep the same promise: every sentence and code cites the span it came from.
/// </summary>
public interface IClinicalNoteEngine
{
    /// <summary>Name, version and content hash of what produces the drafts.</summary>
    NoteEngine Engine { get; }

    /// <exception cref="ClinicalNoteInputException">The context cannot be summarised (wrong focus for the kind, no text...).</exception>
    Task<StructuredNote> DraftAsync(NoteDraftRequest request, CancellationToken cancellationToken);
}
