using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HealthMesh.AllInOne.Hosting;
using Spectre.Console;

namespace HealthMesh.AllInOne.Process;

public static class ProcessCommand
{
    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--input")
        {
            Description = "Folder of FHIR R4 JSON files: resources or Bundles (transaction, batch, collection…).",
            Required = true,
        };
        var output = new Option<DirectoryInfo>("--output")
        {
            Description = "Folder the resulting DocumentReference, Composition and Provenance are written to, one folder per input file.",
            Required = true,
        };
        var approveAs = new Option<string?>("--approve-as")
        {
            Description = "Approve every draft as this reviewer (Practitioner/ID): notes are written back 'final'. Without it they stay 'preliminary' drafts.",
        };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long one note may take end to end.",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        };
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Keep the run's databases here (default: a temporary folder removed afterwards).",
        };

        var command = new Command("process", "Run every FHIR file of a folder through the full pipeline and write the resulting note resources.")
        {
            input, output, approveAs, timeout, dataDirectory,
        };
        command.Validators.Add(result =>
        {
            var reviewer = result.GetValue(approveAs);
            if (reviewer is not null && !System.Text.RegularExpressions.Regex.IsMatch(reviewer, "^(Practitioner|PractitionerRole)/[A-Za-z0-9\\-.]{1,64}$"))
            {
                result.AddError($"--approve-as must be a FHIR reference like Practitioner/123, not '{reviewer}'.");
            }

            if (result.GetValue(input) is { Exists: false } folder)
            {
                result.AddError($"--input folder '{folder.FullName}' does not exist.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var temporary = parseResult.GetValue(dataDirectory) is null;
            var data = parseResult.GetValue(dataDirectory) ?? Path.Combine(Path.GetTempPath(), $"healthmesh-process-{Guid.NewGuid():N}");
            try
            {
                var inputs = await InputFolder.ReadAsync(parseResult.GetValue(input)!, cancellationToken);
                await using var app = EmbeddedHost.Build(new EmbeddedHostSettings(data, FreeLoopbackPort(), SeedSampleData: false, LogProgress: false), []);
                await app.StartAsync(cancellationToken);

                var run = new ProcessRun(app.Services, parseResult.GetValue(output)!, parseResult.GetValue(approveAs), parseResult.GetValue(timeout));
                var outcomes = await run.RunAsync(inputs, cancellationToken);
                await app.StopAsync(CancellationToken.None);

                Report(outcomes, parseResult.GetValue(output)!);
                return outcomes.Any(o => o.Kind == FileOutcomeKind.Failed) ? 1 : 0;
            }
            finally
            {
                if (temporary && Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }
        });
        return command;
    }

    private static void Report(IReadOnlyList<FileOutcome> outcomes, DirectoryInfo output)
    {
        var table = new Table().AddColumns("file", "result", "detail");
        foreach (var outcome in outcomes)
        {
            var color = outcome.Kind switch { FileOutcomeKind.Processed => "green", FileOutcomeKind.Skipped => "yellow", _ => "red" };
            table.AddRow(Markup.Escape(outcome.File), $"[{color}]{outcome.Kind.ToString().ToLowerInvariant()}[/]", Markup.Escape(outcome.Detail));
        }

        AnsiConsole.Write(table);
        var summary = Path.Combine(output.FullName, "summary.json");
        File.WriteAllText(summary, JsonSerializer.Serialize(outcomes, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
        AnsiConsole.MarkupLine($"{outcomes.Count(o => o.Kind == FileOutcomeKind.Processed)} processed, {outcomes.Count(o => o.Kind == FileOutcomeKind.Skipped)} skipped, {outcomes.Count(o => o.Kind == FileOutcomeKind.Failed)} failed — {Markup.Escape(summary)}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
