using System.Text;
using System.Text.Json;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Inference.Training.Sections;

/// <summary>
/// Labelled sentences for free: the project's own headed notes (visit notes and report texts in the
/// <c>samples/summarization-eval</c> bundles and <c>samples/fhir</c>) cut by the rule sectionizer, heading → label.
/// Held out for evaluation: the cases marked <c>held-out</c> in their gold file and every <c>samples/fhir</c> note.
/// Preamble sentences (before the first heading) carry no section and are left out.
/// </summary>
public static class SectionCorpus
{
    public static IReadOnlyList<LabelledSentence> Read(string samplesFolder)
    {
        var sentences = new List<LabelledSentence>();
        var cases = Path.Combine(samplesFolder, "summarization-eval", "cases");
        foreach (var file in Directory.GetFiles(cases, "*.json").Where(f => !f.EndsWith(".gold.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var gold = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(file, null) + ".gold.json"));
            var heldOut = gold.RootElement.GetProperty("split").GetString() == "held-out";
            AddNotes(sentences, file, heldOut);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(samplesFolder, "fhir"), "*.json").Order(StringComparer.Ordinal))
        {
            AddNotes(sentences, file, heldOut: true);
        }

        return sentences;
    }

    /// <summary>The headed note texts (base64 text/plain attachments) of a FHIR Bundle.</summary>
    public static IEnumerable<string> NoteTexts(string bundleFile)
    {
        using var bundle = JsonDocument.Parse(File.ReadAllText(bundleFile));
        foreach (var entry in bundle.RootElement.GetProperty("entry").EnumerateArray())
        {
            var resource = entry.GetProperty("resource");
            var attachments = resource.GetProperty("resourceType").GetString() switch
            {
                "DocumentReference" when resource.TryGetProperty("content", out var content) => content.EnumerateArray().Select(c => c.GetProperty("attachment")).ToList(),
                "DiagnosticReport" when resource.TryGetProperty("presentedForm", out var forms) => forms.EnumerateArray().ToList(),
                _ => [],
            };
            foreach (var attachment in attachments)
            {
                if (attachment.TryGetProperty("data", out var data) && attachment.TryGetProperty("contentType", out var type) && type.GetString()!.StartsWith("text/plain", StringComparison.Ordinal))
                {
                    yield return Encoding.UTF8.GetString(data.GetBytesFromBase64());
                }
            }
        }
    }

    private static void AddNotes(List<LabelledSentence> sentences, string file, bool heldOut)
    {
        var note = 0;
        foreach (var text in NoteTexts(file))
        {
            var name = $"{Path.GetFileNameWithoutExtension(file)}#{note++}";
            sentences.AddRange(Sectionizer.Sentences(text)
                .Where(s => s.Section != NoteSectionKind.Preamble)
                .Select(s => new LabelledSentence(name, s.Span.Text, s.Section, heldOut)));
        }
    }
}
