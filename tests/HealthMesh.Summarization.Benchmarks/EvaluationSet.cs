using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>Reads <c>samples/summarization-eval/cases</c> (copied next to this program as <c>summarization-eval/</c>).</summary>
public static class EvaluationSet
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "summarization-eval");

    /// <exception cref="InvalidDataException">A case has no gold file, or the folder holds no case.</exception>
    public static IReadOnlyList<EvaluationCase> Load(string? folder = null)
    {
        folder ??= DefaultFolder;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var cases = Directory.GetFiles(folder, "*.json")
            .Where(path => !path.EndsWith(".gold.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var goldPath = Path.ChangeExtension(path, ".gold.json");
                var gold = File.Exists(goldPath)
                    ? JsonSerializer.Deserialize<GoldStandard>(File.ReadAllText(goldPath), options)!
                    : throw new InvalidDataException($"{Path.GetFileName(path)} has no gold file.");
                var kind = Enum.Parse<NoteKind>(gold.Kind);
                return new EvaluationCase(gold.Id, kind, FhirJson.Parse<Bundle>(File.ReadAllText(path)), gold);
            })
            .ToList();
        return cases.Count > 0 ? cases : throw new InvalidDataException($"No evaluation case in {folder}.");
    }
}
