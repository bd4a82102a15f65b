using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Deidentification.Benchmarks.Throughput;
using HealthMesh.Deidentification.Engine;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

// dotnet run -c Release --project tests/HealthMesh.Deidentification.Benchmarks -- [--seconds 3] [--verbose]
// dotnet run --project tests/HealthMesh.Deidentification.Benchmarks -- generate samples/deid-eval/notes
if (args is ["generate", var target])
{
    EvalSetGenerator.Write(target);
    Console.WriteLine($"Wrote {EvalSetGenerator.NoteCount} notes to {target} (seed {EvalSetGenerator.Seed}).");
    return 0;
}

var verbose = args.Contains("--verbose");
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
var notesDirectory = EvalSetLoader.FindNotesDirectory(Directory.GetCurrentDirectory());
var notes = EvalSetLoader.Load(notesDirectory);
var engine = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Convert.ToBase64String(SHA256.HashData("healthmesh-deid-benchmark"u8)) });

var withRecord = EvalScorer.Score(engine, notes, useContext: true);
var textOnly = EvalScorer.Score(engine, notes, useContext: false);
var baseline = EvalScorer.Score(
    notes,
    note => RegexOnlyBaseline.Find(note.Text).Select(s => (s.Start, s.Length, s.Group, note.Text.Substring(s.Start, s.Length))).ToList(),
    note => RegexOnlyBaseline.Scrub(note.Text));
Console.WriteLine($"## De-identification quality: {notes.Count} notes ({notes.Count(n => n.Context is not null)} with their record), {withRecord.PhiTokens} labelled PHI tokens");
Console.WriteLine();
Console.WriteLine("Recall per labelled kind; precision of the detector group that finds that kind (tokens).");
Console.WriteLine();
Console.WriteLine("| kind | group | tokens | recall (note + record) | recall (text only) | recall (regex-only baseline) | precision (note + record) | precision (text only) | precision (regex-only baseline) |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var kind in PhiKinds.All)
{
    var (_, total, recall) = withRecord.ForKind(kind);
    var group = EvalScorer.GroupOf(kind);
    Console.WriteLine($"| {kind} | {group} | {total} | {F(recall)} | {F(textOnly.ForKind(kind).Recall)} | {F(baseline.ForKind(kind).Recall)} | {F(withRecord.ForGroup(group).Precision)} | {F(textOnly.ForGroup(group).Precision)} | {F(baseline.ForGroup(group).Precision)} |");
}

Console.WriteLine($"| **all PHI tokens** | | {withRecord.PhiTokens} | **{F(withRecord.Recall)}** | **{F(textOnly.Recall)}** | **{F(baseline.Recall)}** | **{F(withRecord.Precision)}** | **{F(textOnly.Precision)}** | **{F(baseline.Precision)}** |");
Console.WriteLine();
Console.WriteLine($"Eponyms, drug and test names that must stay: {withRecord.PreservedKept}/{withRecord.PreservedTotal} kept (note + record), {textOnly.PreservedKept}/{textOnly.PreservedTotal} (text only), {baseline.PreservedKept}/{baseline.PreservedTotal} (regex-only baseline).");
if (verbose)
{
    foreach (var line in textOnly.Missed.Select(m => "missed (text only): " + m)
        .Concat(textOnly.FalsePositives.Select(m => "false positive (text only): " + m))
        .Concat(withRecord.Missed.Select(m => "missed (note + record): " + m))
        .Concat(textOnly.Destroyed.Select(m => "destroyed (text only): " + m)))
    {
        Console.WriteLine(line);
    }
}

// Throughput: one thread, so the figures are per core.
var texts = notes.Select(n => n.Text).ToList();
var megabytes = texts.Sum(t => Encoding.UTF8.GetByteCount(t)) / 1_000_000.0;
var atLeast = TimeSpan.FromSeconds(seconds);
var engineText = PassTimer.PassesPerSecond(() => texts.ForEach(t => engine.DeidentifyText(t, "benchmark")), atLeast) * megabytes;
var baselineText = PassTimer.PassesPerSecond(() => texts.ForEach(t => RegexOnlyBaseline.Scrub(t)), atLeast) * megabytes;

var samples = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(notesDirectory)!, "..", "fhir"), "*.json").Order(StringComparer.Ordinal)
    .Select(File.ReadAllText).ToList();
var bundles = samples.Select(FhirJson.Parse<Bundle>).ToList();
var resources = bundles.Sum(b => b.Entry.Count);
var engineFhir = PassTimer.PassesPerSecond(() => bundles.ForEach(b => engine.DeidentifyResource(b)), atLeast) * resources;
var engineFhirJson = PassTimer.PassesPerSecond(() => samples.ForEach(s => FhirJson.Serialize(engine.DeidentifyResource(FhirJson.Parse<Bundle>(s)))), atLeast) * resources;
var baselineFhir = PassTimer.PassesPerSecond(() => samples.ForEach(s => RegexOnlyBaseline.Scrub(s)), atLeast) * resources;

// Where a JSON-in, JSON-out pass goes: each phase timed alone over the same Bundles.
var deidentified = bundles.Select(b => engine.DeidentifyResource(b)).ToList();
var phases = new (string Phase, double Milliseconds)[]
{
    ("parse JSON (Firely)", 1_000 / PassTimer.PassesPerSecond(() => samples.ForEach(s => FhirJson.Parse<Bundle>(s)), atLeast)),
    ("de-identify (copy, rules, free text)", 1_000 / PassTimer.PassesPerSecond(() => bundles.ForEach(b => engine.DeidentifyResource(b)), atLeast)),
    ("serialize JSON (Firely)", 1_000 / PassTimer.PassesPerSecond(() => deidentified.ForEach(b => FhirJson.Serialize(b)), atLeast)),
};

Console.WriteLine();
Console.WriteLine($"## Throughput, one thread ({Environment.ProcessorCount} logical cores here; {texts.Count} notes, {megabytes:F3} MB; samples/fhir: {bundles.Count} Bundles, {resources} resources)");
Console.WriteLine();
Console.WriteLine("| workload | engine | regex-only baseline (same run) | engine / baseline |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine($"| note text, MB/s per core | {engineText:F2} | {baselineText:F2} | {engineText / baselineText:F2} |");
Console.WriteLine($"| FHIR resources/s per core (parsed in, parsed out) | {engineFhir:F0} | {baselineFhir:F0} (regex over the JSON) | {engineFhir / baselineFhir:F2} |");
Console.WriteLine($"| FHIR resources/s per core (JSON in, JSON out) | {engineFhirJson:F0} | {baselineFhir:F0} (regex over the JSON) | {engineFhirJson / baselineFhir:F2} |");
Console.WriteLine();
Console.WriteLine("| phase of a JSON-in, JSON-out pass over samples/fhir | ms per pass | share |");
Console.WriteLine("|---|---:|---:|");
foreach (var (phase, milliseconds) in phases)
{
    Console.WriteLine($"| {phase} | {milliseconds:F2} | {milliseconds / phases.Sum(p => p.Milliseconds):P0} |");
}

return 0;

static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F3", CultureInfo.InvariantCulture);
