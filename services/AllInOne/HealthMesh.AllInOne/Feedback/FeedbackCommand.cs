using System.CommandLine;
using System.Globalization;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Feedback;
using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace HealthMesh.AllInOne.Feedback;

/// <summary>
/// <c>healthmesh feedback export</c>: every review decision (de-identified draft, approved note, diff, time spent) as
/// JSONL for evaluation and fine-tuning, and a summary per drafting engine version. Reads the embedded data directory's
/// database, or the one <c>HealthMesh__Database__*</c> names (the Orchestrator's, in the distributed shape).
/// </summary>
public static class FeedbackCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output") { Description = "JSONL file to write (one decision a line); replaced if it exists.", Required = true };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only decisions taken at or after this time (ISO-8601, e.g. 2026-11-01 or 2026-11-01T08:00:00Z; UTC unless an offset is given).",
            CustomParser = result => DateTimeOffset.TryParse(result.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : Fail(result, $"--since '{result.Tokens.Single().Value}' is not a date or time (ISO-8601, e.g. 2026-11-01T08:00:00Z)."),
        };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "The embedded data directory whose database holds the decisions (as for serve). HealthMesh__Database__* overrides it.",
            DefaultValueFactory = _ => ".data",
        };

        var export = new Command("export", "Write every review decision as de-identified JSONL and print edit and acceptance rates per model version.")
        {
            output, since, dataDirectory,
        };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "healthmesh", ContentRootPath = AppContext.BaseDirectory });
            var data = Path.GetFullPath(parseResult.GetValue(dataDirectory)!);
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
            {
                InitialData = new Dictionary<string, string?>
                {
                    ["HealthMesh:Database:Provider"] = "Sqlite",
                    ["HealthMesh:Database:ConnectionString"] = $"Data Source={Path.Combine(data, "healthmesh.db")};Mode=ReadWrite",
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            });
            builder.AddDatabase();
            builder.Services.AddSchemaMigrations(OrchestratorExtensions.SchemaComponent, typeof(OrchestratorExtensions).Assembly);
            builder.Services.AddSingleton<ReviewFeedbackStore>();
            using var host = builder.Build();

            IReadOnlyList<ReviewFeedback> rows;
            try
            {
                // Brings an older database up to the feedback tables; the export itself only reads.
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
                rows = await host.Services.GetRequiredService<ReviewFeedbackStore>().ReadAsync(parseResult.GetValue(since) ?? DateTimeOffset.MinValue, cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 14)
            {
                await Console.Error.WriteLineAsync($"No HealthMesh database in {data}: run 'healthmesh serve --data-dir {data}' first, or set HealthMesh__Database__Provider and HealthMesh__Database__ConnectionString to the Orchestrator's database.");
                return 2;
            }

            var file = parseResult.GetValue(output)!;
            Directory.CreateDirectory(file.DirectoryName!);
            await using (var writer = new StreamWriter(file.FullName, append: false))
            {
                await FeedbackExport.WriteJsonLinesAsync(rows, writer, cancellationToken);
            }

            if (Console.IsOutputRedirected)
            {
                // A log or a pipe has no width; Spectre would assume 80 columns and wrap every header.
                AnsiConsole.Profile.Width = 200;
            }

            var table = new Table().AddColumns("model", "version", "decisions", "approved", "edited", "rejected", "regenerate", "acceptance rate", "edit rate", "codes kept", "median time");
            foreach (var s in FeedbackExport.Summarize(rows))
            {
                table.AddRow(Markup.Escape(s.EngineName), Markup.Escape(s.EngineVersion), $"{s.Decisions}", $"{s.Approved}", $"{s.ApprovedWithEdits}", $"{s.Rejected}",
                    $"{s.RegenerationRequested}", Percent(s.AcceptanceRate), Percent(s.EditRate), Percent(s.CodeAcceptanceRate),
                    s.MedianSecondsSpent is { } seconds ? $"{seconds:0} s" : "–");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{rows.Count} decision(s) written to {Markup.Escape(file.FullName)}.");
            return 0;
        });

        return new Command("feedback", "Review feedback data for evaluation and fine-tuning.") { export };
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0%", CultureInfo.InvariantCulture) : "–";

    private static DateTimeOffset? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
