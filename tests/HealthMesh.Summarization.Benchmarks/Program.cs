using System.Globalization;
using HealthMesh.Inference.Runtime;
using HealthMesh.Summarization;
using HealthMesh.Summarization.Benchmarks;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Notes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: dotnet run -c Release --project tests/HealthMesh.Summarization.Benchmarks -- [repetitions] [cases-folder]
// Quality of the rule engine on samples/summarization-eval against the gold files, then its speed; a trivial
// baseline (lead-N sentences, exact-string codes, keyword flags) is scored and timed in the same run, and so is the
// rule engine with the shipped text-embedding model (code retrieval, sentence ranking, both).
var repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var cases = EvaluationSet.Load(args.Length > 1 ? args[1] : null);

var options = new SummarizationOptions();
var inference = Options.Create(new InferenceOptions { WarmUp = false });
inference.Value.Models[SummarizationOptions.EmbeddingModelName] = SummarizationOptions.Resolve("Models/text-embedding");
await using var registry = new OnnxModelRegistry(new OnnxModelLoader(new OnnxSessionFactory(inference, NullLogger<OnnxSessionFactory>.Instance), inference, NullLogger<OnnxModelLoader>.Instance), inference);
var embedder = new OnnxSentenceEmbedder(registry, NullLogger<OnnxSentenceEmbedder>.Instance);
RuleBasedClinicalNoteEngine WithEmbeddings(bool retrieval, bool ranking) => new(
    Options.Create(new SummarizationOptions { EmbeddingCodeRetrieval = retrieval, EmbeddingSentenceRanking = ranking }), embedder: embedder);
var engines = new (string Name, IClinicalNoteEngine Engine)[]
{
    ("rule engine", new RuleBasedClinicalNoteEngine(Options.Create(options))),
    ("rules + embedding code retrieval", WithEmbeddings(retrieval: true, ranking: false)),
    ("rules + embedding sentence ranking", WithEmbeddings(retrieval: false, ranking: true)),
    ("rules + embeddings (both)", WithEmbeddings(retrieval: true, ranking: true)),
    ("trivial baseline", new TrivialBaselineEngine(ClinicalTermDictionary.Parse(File.ReadAllText(SummarizationOptions.Resolve(options.TermDictionaryPath))))),
};

var quality = new List<(string Name, EvaluationResult Result)>();
var speed = new List<(string Name, SpeedMeasurement Speed)>();
foreach (var (name, engine) in engines)
{
    Console.Error.WriteLine($"{name}: scoring {cases.Count} cases, then timing {repetitions} passes…");
    quality.Add((name, await Evaluator.EvaluateAsync(engine, cases)));
    speed.Add((name, await SpeedMeasurement.MeasureAsync(engine, cases, repetitions)));
}

var encounters = cases.Count(c => c.Kind == HealthMesh.Contracts.NoteKind.EncounterSummary);
Console.WriteLine();
Console.WriteLine($"HealthMesh summarization evaluation: {cases.Count} cases ({encounters} encounters, {cases.Count - encounters} radiology reports), {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| engine, cases | code P | code R | code F1 | critical recall | critical precision | grounded sentences | grounded codes | ROUGE-L F (impressions) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
var heldOut = cases.Where(c => c.Gold.Split == "held-out").Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
// Reports whose impression the engine has to write itself (their gold traps say so).
var noImpression = cases.Where(c => c.Gold.Traps.Contains("report without an IMPRESSION", StringComparer.Ordinal)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
var rows = quality.SelectMany(q => new[]
{
    ($"{q.Name}, all {cases.Count}", q.Result),
    ($"{q.Name}, held-out {heldOut.Count}", new EvaluationResult(q.Result.Cases.Where(c => heldOut.Contains(c.Id)).ToList())),
    ($"{q.Name}, reports without an impression {noImpression.Count}", new EvaluationResult(q.Result.Cases.Where(c => noImpression.Contains(c.Id)).ToList())),
});
foreach (var (name, r) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.Codes.Precision:F3} | {r.Codes.Recall:F3} | {r.Codes.F1:F3} | {r.Critical.Recall:F3} ({r.Critical.TruePositives}/{r.Critical.TruePositives + r.Critical.FalseNegatives}) | {r.Critical.Precision:F3} | {r.GroundedSentenceShare:P1} of {r.Sentences} | {r.GroundedCodeShare:P1} of {r.ProposedCodes} | {r.MeanRougeL:F3} (n={r.Impressions}) |"));
}

Console.WriteLine();
Console.WriteLine($"Speed: one thread, {repetitions} passes over the set after one warm-up pass, {Environment.ProcessorCount} cores on the machine");
Console.WriteLine();
Console.WriteLine("| engine | notes | notes/s per core | p50 ms | p99 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, s) in speed)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.Notes} | {s.NotesPerSecondPerCore:F1} | {s.P50Milliseconds:F3} | {s.P99Milliseconds:F3} |"));
}

// Where the rule engine is wrong, case by case: what to improve next.
Console.WriteLine();
Console.WriteLine("| case (rule engine) | missed codes | extra codes | critical missed | critical extra | ROUGE-L |");
Console.WriteLine("|---|---|---|---:|---:|---:|");
foreach (var c in quality[0].Result.Cases.Where(c => c.MissedCodes.Count + c.ExtraCodes.Count + c.Critical.FalseNegatives + c.Critical.FalsePositives > 0 || c.RougeL < 0.8))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {c.Id} | {string.Join(", ", c.MissedCodes)} | {string.Join(", ", c.ExtraCodes)} | {c.Critical.FalseNegatives} | {c.Critical.FalsePositives} | {(c.RougeL is { } rouge ? rouge.ToString("F3", CultureInfo.InvariantCulture) : "")} |"));
}
