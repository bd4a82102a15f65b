using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;

namespace HealthMesh.Summarization.Generative;

/// <summary>
/// Reads a generated structured-note JSON (the shape <c>StructuredNoteGrammar</c> allows) and keeps only what passes
/// the grounding check: a sentence stays when it occurs verbatim in a de-identified source, cited at that span;
/// anything the model wrote that no source says is dropped.
/// </summary>
public static class GroundedDraftReader
{
    public static (IReadOnlyList<NoteSection> Sections, int Dropped) Read(string json, IReadOnlyList<NoteSource> sources)
    {
        using var document = JsonDocument.Parse(json);
        var sections = new List<NoteSection>();
        var dropped = 0;
        foreach (var section in document.RootElement.GetProperty("sections").EnumerateArray())
        {
            var code = section.GetProperty("code").GetString()!;
            var sentences = new List<NoteSentence>();
            foreach (var text in section.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()!.Trim()))
            {
                var source = text.Length == 0 ? null : sources.FirstOrDefault(s => s.Text.Contains(text, StringComparison.Ordinal));
                if (source is null || sentences.Any(s => s.Text == text))
                {
                    dropped++;
                    continue;
                }

                sentences.Add(new NoteSentence(text, [new Evidence(source.SourceId, source.Text.IndexOf(text, StringComparison.Ordinal), text.Length)]));
            }

            if (sentences.Count > 0)
            {
                sections.Add(new NoteSection(code, Title(code), sentences));
            }
        }

        return (sections, dropped);
    }

    private static string Title(string code) => code switch
    {
        KnownSections.Subjective => "Subjective",
        KnownSections.Objective => "Objective",
        KnownSections.Assessment => "Assessment",
        KnownSections.Plan => "Plan",
        KnownSections.Findings => "Findings",
        KnownSections.Impression => "Impression",
        _ => code,
    };
}
