using HealthMesh.Contracts;

namespace HealthMesh.Summarization.Grounding;

/// <summary>
/// The grounding rule every draft meets, whatever engine wrote it: a sentence cites at least one span and every span
/// it cites lies inside a source of the note and reads exactly the sentence (white space runs count as one space, and
/// the first letter may be capitalised); a code cites at least one non-empty span inside a source. What fails is not
/// shown: <see cref="Enforce"/> drops it and raises a flag that says how much was dropped, for the reviewer.
/// </summary>
public static class NoteGrounding
{
    public const string UngroundedSentencesFlag = "ungrounded-sentences-dropped:";
    public const string UngroundedCodesFlag = "ungrounded-codes-dropped:";

    public static bool IsGrounded(StructuredNote note, NoteSentence sentence) =>
        sentence.Evidence.Count > 0
        && sentence.Evidence.All(e => Cited(note, e) is { } text && Reads(text, sentence.Text));

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

    /// <summary>
    /// The note without ungrounded sentences (sections left empty go too) and codes, with
    /// <c>ungrounded-sentences-dropped:N</c> / <c>ungrounded-codes-dropped:N</c> flags when anything was dropped.
    /// </summary>
    public static StructuredNote Enforce(StructuredNote note)
    {
        var droppedSentences = 0;
        var sections = new List<NoteSection>();
        foreach (var section in note.Sections)
        {
            var grounded = section.Sentences.Where(s => IsGrounded(note, s)).ToList();
            droppedSentences += section.Sentences.Count - grounded.Count;
            if (grounded.Count > 0)
            {
                sections.Add(grounded.Count == section.Sentences.Count ? section : section with { Sentences = grounded });
            }
        }

        var codes = note.Codes.Where(c => IsGrounded(note, c)).ToList();
        var droppedCodes = note.Codes.Count - codes.Count;
        if (droppedSentences == 0 && droppedCodes == 0)
        {
            return note;
        }

        var flags = note.Flags.ToList();
        if (droppedSentences > 0)
        {
            flags.Add(UngroundedSentencesFlag + droppedSentences);
        }

        if (droppedCodes > 0)
        {
            flags.Add(UngroundedCodesFlag + droppedCodes);
        }

        return note with { Sections = sections, Codes = codes, Flags = flags };
    }

    private static bool Reads(string cited, string sentence)
    {
        var a = Collapse(cited);
        var b = Collapse(sentence);
        return a.Length == b.Length && a.Length > 0
            && char.ToUpperInvariant(a[0]) == char.ToUpperInvariant(b[0])
            && string.CompareOrdinal(a, 1, b, 1, a.Length - 1) == 0;
    }

    // A sentence that spans a line break may be shown with one space; the words must still be the source's.
    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
