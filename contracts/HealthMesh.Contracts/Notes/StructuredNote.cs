namespace HealthMesh.Contracts;

/// <summary>
/// The draft (and, after review, the final) note. Built from de-identified input only; every sentence and code
/// points at the source text or data it came from.
/// </summary>
/// <param name="Timings">Stage timings of the draft (engine stages, then <c>engine</c> and <c>grounding</c> as the service measured them); null on notes stored before timings existed.</param>
public sealed record StructuredNote(
    Guid WorkflowId,
    int Revision,
    NoteKind Kind,
    string Title,
    IReadOnlyList<NoteSection> Sections,
    IReadOnlyList<ProposedCode> Codes,
    IReadOnlyList<string> Flags,
    IReadOnlyList<NoteSource> Sources,
    NoteEngine Engine,
    DateTimeOffset CreatedAt,
    IReadOnlyList<NoteTiming>? Timings = null);
