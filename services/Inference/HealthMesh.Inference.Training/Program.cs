using System.Globalization;
using System.Security.Cryptography;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.Tasks;
using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Inference.Training.Embeddings;
using HealthMesh.Inference.Training.Phi;
using HealthMesh.Inference.Training.Sections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Trains and exports the models the project ships. Usage (from the repository root):
//   dotnet run -c Release --project services/Inference/HealthMesh.Inference.Training -- section-classifier|text-embedding|phi-tagger [--check]
// --check trains into a temporary folder and compares it byte for byte with the shipped model instead of replacing it.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string[] commands = ["section-classifier", "text-embedding", "phi-tagger"];
if (args.Length == 0 || !commands.Contains(args[0]))
{
    Console.Error.WriteLine("usage: section-classifier|text-embedding|phi-tagger [--check] [--samples <folder>] [--out <model folder>]");
    return 2;
}

var command = args[0];
var root = FindRepositoryRoot();
var samples = Argument("--samples") ?? Path.Combine(root, "samples");
var summarization = Path.Combine(root, "services", "Summarization", "HealthMesh.Summarization");
var shipped = Argument("--out") ?? (command == PhiTaggerTrainer.ModelName
    ? Path.Combine(root, "services", "Deidentification", "HealthMesh.Deidentification", "Models", command)
    : Path.Combine(summarization, "Models", command));
var check = args.Contains("--check");
var output = check ? Directory.CreateTempSubdirectory(command + "-").FullName : shipped;

var sentences = SectionCorpus.Read(samples);
var training = sentences.Where(s => !s.HeldOut).ToList();
var heldOut = sentences.Where(s => s.HeldOut).ToList();
var options = Options.Create(new InferenceOptions());
var loader = new OnnxModelLoader(new OnnxSessionFactory(options, NullLogger<OnnxSessionFactory>.Instance), options, NullLogger<OnnxModelLoader>.Instance);
if (command == "section-classifier")
{
    Console.WriteLine($"Corpus: {training.Count} training sentences from {training.Select(s => s.Note).Distinct().Count()} notes, {heldOut.Count} held-out sentences from {heldOut.Select(s => s.Note).Distinct().Count()} notes");
    var manifest = SectionClassifierTrainer.Train(training, output, Console.Out);
    await using var model = loader.Load(command, output);
    var (rules, learned) = SectionEvaluation.Score(heldOut, texts => Classify(model, texts));
    Console.WriteLine();
    Console.WriteLine($"Held-out notes with headings stripped ({rules.Sentences} sentences, {manifest.Labels!.Count} sections):");
    Console.WriteLine("| sectioner | accuracy | macro-F1 |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| rules (no headings → history of present illness) | {rules.Accuracy:F3} | {rules.MacroF1:F3} |");
    Console.WriteLine($"| section-classifier (ONNX, {model.ContentHash[..12]}) | {learned.Accuracy:F3} | {learned.MacroF1:F3} |");
}
else if (command == PhiTaggerTrainer.ModelName)
{
    var lines = PhiTaggerCorpus.Training();
    Console.WriteLine($"Corpus: {lines.Count} lines of {PhiTaggerCorpus.Notes} generated notes (seed {PhiTaggerCorpus.Seed}), {lines.Sum(l => l.Names.Count)} names from a training-only pool");
    PhiTaggerTrainer.Train(lines, output, Console.Out);
    await using var model = loader.Load(command, output);
    var notes = EvalSetLoader.Load(Path.Combine(samples, "deid-eval", "notes"));
    var score = PhiTaggerEvaluation.Score(model, notes);
    Console.WriteLine();
    Console.WriteLine($"Held-out: the committed de-identification evaluation set ({notes.Count} notes, seed {EvalSetGenerator.Seed}; its names never trained on), NAME word tokens:");
    Console.WriteLine("| tagger | recall | precision | name tokens |");
    Console.WriteLine("|---|---:|---:|---:|");
    Console.WriteLine($"| phi-tagger (ONNX, {model.ContentHash[..12]}) | {score.Recall:F3} | {score.Precision:F3} | {score.Gold} |");

    // Beside the rule scrubber, text only (no record to name the people): what the tagger would add as a recognizer.
    var engine = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Convert.ToBase64String(SHA256.HashData("healthmesh-phi-tagger"u8)) });
    IReadOnlyList<(int Start, int Length, string Group, string Original)> Rules(EvalNote note) =>
        [.. engine.FindPhi(note.Text, note.Name).Select(r => (r.Start, r.Length, EvalScorer.Group(r), r.Original))];
    IEnumerable<(int Start, int Length, string Group, string Original)> Tagged(EvalNote note)
    {
        var offset = 0;
        foreach (var line in note.Text.Split('\n'))
        {
            var names = PhiTaggerEvaluation.Names(model, line);
            foreach (var (start, length) in PhiTaggerTrainer.Words(line).Where(w => names.Contains(w.Start)))
            {
                yield return (offset + start, length, "NAME", line.Substring(start, length));
            }

            offset += line.Length + 1;
        }
    }

    var rules = EvalScorer.Score(notes, Rules, note => engine.DeidentifyText(note.Text, note.Name));
    var combined = EvalScorer.Score(notes, note => [.. Rules(note), .. Tagged(note)], note => engine.DeidentifyText(note.Text, note.Name));
    Console.WriteLine();
    Console.WriteLine("Same notes, text only (no context Bundle), token-level as the de-identification benchmark scores:");
    Console.WriteLine("| detector | NAME recall | NAME-group precision | all PHI recall | all precision |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Console.WriteLine($"| rule scrubber | {rules.ForKind("NAME").Recall:F3} | {rules.ForGroup("NAME").Precision:F3} | {rules.Recall:F3} | {rules.Precision:F3} |");
    Console.WriteLine($"| rule scrubber + phi-tagger names | {combined.ForKind("NAME").Recall:F3} | {combined.ForGroup("NAME").Precision:F3} | {combined.Recall:F3} | {combined.Precision:F3} |");
}
else
{
    var data = Path.Combine(summarization, "Coding", "Data");
    var corpus = CodeTextCorpus.Read(Path.Combine(data, "icd10cm-order-starter.txt"), Path.Combine(data, "clinical-terms.tsv"));
    Console.WriteLine($"Corpus: {corpus.Codes.Count} billable codes, {corpus.Training.Count} training phrases, {corpus.HeldOut.Count} held-out phrases; vocabulary also from {training.Count} tuning-split note sentences");
    TextEmbeddingTrainer.Train(corpus, training.Select(s => s.Text), output, Console.Out);
    await using var model = loader.Load(command, output);
    var (lexical, learned) = RetrievalEvaluation.TopOneAccuracy(corpus, texts => [.. model.RunBatch([.. texts.Select(model.Encode)]).Select(OnnxTextEmbedder.Pool)]);
    Console.WriteLine();
    Console.WriteLine($"Held-out code phrases ({corpus.HeldOut.Count}), nearest of {corpus.Codes.Count} code descriptions is their own code:");
    Console.WriteLine("| retriever | top-1 accuracy |");
    Console.WriteLine("|---|---:|");
    Console.WriteLine($"| TF-IDF cosine (lexical) | {lexical:F3} |");
    Console.WriteLine($"| text-embedding (ONNX, {model.ContentHash[..12]}) | {learned:F3} |");
}

if (check)
{
    var same = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal)
        .All(f => File.Exists(Path.Combine(shipped, f!)) && File.ReadAllBytes(Path.Combine(output, f!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(shipped, f!))));
    Console.WriteLine(same ? "Re-training reproduced the shipped model byte for byte." : $"Re-training did NOT reproduce the shipped model (new files in {output}).");
    return same ? 0 : 1;
}

Console.WriteLine($"Wrote {output}");
return 0;

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "HealthMesh.sln")))
        {
            return directory.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run from inside the repository (no HealthMesh.sln above the current directory), or pass --samples and --out.");
}

static IReadOnlyList<string> Classify(OnnxModel model, IReadOnlyList<string> texts)
{
    var labels = model.Manifest.Labels!;
    return [.. texts.Select(model.Encode).Select(e => model.RunBatch([e])[0]).Select(o => labels[ArgMax(o.Row(0))])];
}

static int ArgMax(ReadOnlySpan<float> values)
{
    var best = 0;
    for (var i = 1; i < values.Length; i++)
    {
        if (values[i] > values[best])
        {
            best = i;
        }
    }

    return best;
}
