using System.CommandLine;
using System.Text.Json;
using HealthMesh.AllInOne.Process;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Engine;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Serialization;
using Spectre.Console;

namespace HealthMesh.AllInOne.Deid;

/// <summary>
/// <c>healthmesh deid</c>: the pipeline's de-identification engine, offline, over a folder of FHIR JSON resources or
/// Bundles and plain-text notes, for data teams preparing training and evaluation sets.
/// </summary>
public static class DeidCommand
{
    public const string KeyVariable = "HealthMesh__Deidentification__HmacKey";

    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--input") { Description = "Folder of FHIR R4 JSON files (.json) and plain-text notes (.txt, one note per file).", Required = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder the de-identified files are written to, under the same file names.", Required = true };
        var keyFile = new Option<FileInfo?>("--key-file")
        {
            Description = $"File holding the HMAC key (base64 of at least 32 random bytes). Default: the {KeyVariable} environment variable. The same key gives the same pseudonyms and date shifts on every run.",
        };

        var command = new Command("deid", "De-identify a folder of FHIR resources and plain-text notes offline with the pipeline's engine.") { input, output, keyFile };
        command.Validators.Add(result =>
        {
            if (result.GetValue(input) is { Exists: false } folder)
            {
                result.AddError($"--input folder '{folder.FullName}' does not exist.");
            }

            if (result.GetValue(keyFile) is { Exists: false } file)
            {
                result.AddError($"--key-file '{file.FullName}' does not exist.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var key = parseResult.GetValue(keyFile) is { } file
                ? (await File.ReadAllTextAsync(file.FullName, cancellationToken)).Trim()
                : Environment.GetEnvironmentVariable(KeyVariable);
            if (string.IsNullOrWhiteSpace(key))
            {
                await Console.Error.WriteLineAsync($"No de-identification key: pass --key-file or set {KeyVariable} (base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`). Keep it: the same key keeps pseudonyms consistent across runs.");
                return 2;
            }

            OfflineDeidentifier engine;
            try
            {
                engine = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = key });
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"The de-identification key is not usable: {ex.Message}");
                return 2;
            }

            var outcomes = await RunAsync(engine, parseResult.GetValue(input)!, parseResult.GetValue(output)!, cancellationToken);
            Report(outcomes);
            return outcomes.Any(o => o.Kind == FileOutcomeKind.Failed) ? 1 : 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<FileOutcome>> RunAsync(OfflineDeidentifier engine, DirectoryInfo input, DirectoryInfo output, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output.FullName);
        var outcomes = new List<FileOutcome>();
        foreach (var path in Directory.EnumerateFiles(input.FullName).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var target = Path.Combine(output.FullName, name);
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".txt":
                    // The file name keys the note's date shift and surrogates, so a re-run gives the same output.
                    await File.WriteAllTextAsync(target, engine.DeidentifyText(await File.ReadAllTextAsync(path, cancellationToken), name), cancellationToken);
                    outcomes.Add(new FileOutcome(name, FileOutcomeKind.Processed, "plain-text note", [name]));
                    break;
                case ".json":
                    outcomes.Add(await DeidentifyJsonAsync(engine, path, target, cancellationToken));
                    break;
                default:
                    outcomes.Add(new FileOutcome(name, FileOutcomeKind.Skipped, "neither .json (FHIR) nor .txt (note)", []));
                    break;
            }
        }

        return outcomes;
    }

    private static async Task<FileOutcome> DeidentifyJsonAsync(OfflineDeidentifier engine, string path, string target, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        try
        {
            var resource = FhirJson.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            var deidentified = engine.DeidentifyResource(resource);
            await File.WriteAllTextAsync(target, FhirJson.Serialize(deidentified, pretty: true), cancellationToken);
            return new FileOutcome(name, FileOutcomeKind.Processed, deidentified.TypeName, [name]);
        }
        catch (DeserializationFailedException ex)
        {
            return new FileOutcome(name, FileOutcomeKind.Failed, $"not valid FHIR R4 JSON: {FhirJson.DescribeWithoutValues(ex)}", []);
        }
        catch (JsonException ex)
        {
            return new FileOutcome(name, FileOutcomeKind.Failed, $"not JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})", []);
        }
        catch (ClinicalContextRejectedException ex)
        {
            return new FileOutcome(name, FileOutcomeKind.Failed, ex.Message, []);
        }
    }

    private static void Report(IReadOnlyList<FileOutcome> outcomes)
    {
        var table = new Table().AddColumns("file", "result", "detail");
        foreach (var outcome in outcomes)
        {
            var color = outcome.Kind switch { FileOutcomeKind.Processed => "green", FileOutcomeKind.Skipped => "yellow", _ => "red" };
            table.AddRow(Markup.Escape(outcome.File), $"[{color}]{outcome.Kind.ToString().ToLowerInvariant()}[/]", Markup.Escape(outcome.Detail));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{outcomes.Count(o => o.Kind == FileOutcomeKind.Processed)} de-identified, {outcomes.Count(o => o.Kind == FileOutcomeKind.Skipped)} skipped, {outcomes.Count(o => o.Kind == FileOutcomeKind.Failed)} failed");
    }
}
