using System.CommandLine;
using System.Globalization;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Governance.Monitoring;
using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HealthMesh.AllInOne.Report;

/// <summary>
/// <c>healthmesh report --output F.html</c>: the monitoring page (quality per engine version, drift, fairness, alerts)
/// as one self-contained HTML file, for a compliance officer or a ticket. Reads the embedded data directory's database,
/// or the one <c>HealthMesh__Database__*</c> names (the Orchestrator's, in the distributed shape); thresholds come
/// from <c>HealthMesh__Monitoring__*</c> as for the service.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output") { Description = "HTML file to write; replaced if it exists.", Required = true };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Start of the period shown (ISO-8601, e.g. 2026-11-01; UTC unless an offset is given). Default: HealthMesh:Monitoring:History (90 days) back.",
            CustomParser = result => DateTimeOffset.TryParse(result.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : Fail(result, $"--since '{result.Tokens.Single().Value}' is not a date or time (ISO-8601, e.g. 2026-11-01T08:00:00Z)."),
        };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "The embedded data directory whose database holds the decisions (as for serve). HealthMesh__Database__* overrides it.",
            DefaultValueFactory = _ => ".data",
        };

        var report = new Command("report", "Write quality per model version, drift and fairness with their alerts as a self-contained HTML file.")
        {
            output, since, dataDirectory,
        };
        report.SetAction(async (parseResult, cancellationToken) =>
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
            builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.SectionName).ValidateDataAnnotations();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<MonitoringStore>();
            builder.Services.AddSingleton<MonitoringService>();
            using var host = builder.Build();

            MonitoringReport computed;
            MonitoringOptions options;
            try
            {
                // Brings an older database up to the monitoring table; the report itself only reads.
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
                var monitoring = host.Services.GetRequiredService<MonitoringService>();
                options = monitoring.Options;
                computed = await monitoring.ComputeAsync(parseResult.GetValue(since), cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 14)
            {
                await Console.Error.WriteLineAsync($"No HealthMesh database in {data}: run 'healthmesh serve --data-dir {data}' first, or set HealthMesh__Database__Provider and HealthMesh__Database__ConnectionString to the Orchestrator's database.");
                return 2;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"Invalid monitoring settings: {ex.Message}");
                return 2;
            }

            var file = parseResult.GetValue(output)!;
            Directory.CreateDirectory(file.DirectoryName!);
            await File.WriteAllTextAsync(file.FullName, MonitoringHtml.Document(computed, options), cancellationToken);
            Console.WriteLine(
                $"{computed.Versions.Sum(v => v.Window.Decisions)} decision(s) in the current quality window, " +
                $"{computed.Alerts.Count} alert(s); report written to {file.FullName}.");
            foreach (var alert in computed.Alerts)
            {
                Console.WriteLine($"  {alert.Kind}: {alert.Message}");
            }

            return 0;
        });

        return report;
    }

    private static DateTimeOffset? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
