using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>Reads <c>samples/deid-eval/notes</c>: every <c>.txt</c> with its <c>.labels.json</c> and optional context Bundle.</summary>
public static class EvalSetLoader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<EvalNote> Load(string notesDirectory)
    {
        var notes = new List<EvalNote>();
        foreach (var path in Directory.GetFiles(notesDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var labels = JsonSerializer.Deserialize<NoteLabels>(File.ReadAllText(Path.Combine(notesDirectory, name + ".labels.json")), Json)
                ?? throw new InvalidDataException($"{name}.labels.json is empty.");
            var context = labels.Context is { } file ? FhirJson.Parse<Bundle>(File.ReadAllText(Path.Combine(notesDirectory, file))) : null;
            notes.Add(new EvalNote(name, File.ReadAllText(path), labels, context));
        }

        return notes;
    }

    /// <summary>The set's folder, found upwards from <paramref name="start"/> (the repository's <c>samples/deid-eval/notes</c>).</summary>
    public static string FindNotesDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "deid-eval", "notes");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No samples/deid-eval/notes above {start}.");
    }
}
