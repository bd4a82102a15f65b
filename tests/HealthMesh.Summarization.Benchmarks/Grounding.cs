using HealthMesh.Contracts;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>
/// Checks a draft's evidence against the sources it carries: a sentence is grounded when it cites at least one span and
/// every span it cites lies inside its source and reads exactly the sentence; a code's evidence when it lies inside its
/// source and is not empty.
/// </summary>
public static class Grounding
{
    public static bool IsGrounded(StructuredNote note, NoteSentence sentence) =>
        sentence.Evidence.Count > 0
        && sentence.Evidence.All(e => Cited(note, e) is { } text && string.Equals(Collapse(text), Collapse(sentence.Text), StringComparison.Ordinal));

    public static bool IsGrounded(StructuredNote note, ProposedCode code) =>
        code.Evidence.Count > 0 && code.Evidence.All(e => e.Length > 0 && Cited(note, e) is not null);

    /// <summary>The text an evidence span points at, or null when its source is missing or the span falls outside it.</summary>
    public static string? Cited(StructuredNote note, Evidence evidence)
    {
        var source = note.Sources.FirstOrDefault(s => s.SourceId == evidence.SourceId);
        return source is null || evidence.Start < 0 || evidence.Length < 0 || evidence.Start + evidence.Length > source.Text.Length
            ? null
            : source.Text.Substring(evidence.Start, evidence.Length);
    }

    // A sentence that spans a line break may be shown with one space; the words must still be the source's.
    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
