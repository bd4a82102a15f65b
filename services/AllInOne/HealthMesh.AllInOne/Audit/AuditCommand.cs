using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthMesh.AllInOne.OperatorApi;
using HealthMesh.Orchestrator.Governance.Audit;
using Spectre.Console;

namespace HealthMesh.AllInOne.Audit;

/// <summary>
/// <c>healthmesh audit export|verify</c>: the audit trail as a FHIR R4 Bundle of AuditEvent resources, and a check of
/// its hash chain, through the operator API of a running HealthMesh (same connection and credential as <c>status</c>).
/// </summary>
public static class AuditCommand
{
    public static Command Create() => new("audit", "Export the audit trail as FHIR AuditEvent resources, or verify its hash chain.")
    {
        Export(), Verify(),
    };

    private static Command Export()
    {
        var connection = new OperatorConnection();
        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write the FHIR R4 Bundle (JSON) to.", Required = true };
        var workflow = new Option<Guid?>("--workflow") { Description = "Only this workflow's records." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only records from this time on (ISO 8601, e.g. 2026-03-01T00:00:00Z)." };
        var command = new Command("export", "Write the audit trail (optionally one workflow's, or since a time) as a FHIR R4 Bundle of AuditEvent resources.")
        {
            output, workflow, since,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var query = new List<string>();
            if (parseResult.GetValue(workflow) is { } id)
            {
                query.Add($"workflowId={id}");
            }

            if (parseResult.GetValue(since) is { } from)
            {
                query.Add($"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}");
            }

            var bundle = await api.GetAsync<JsonElement>(query.Count == 0 ? "api/audit" : $"api/audit?{string.Join('&', query)}", cancellationToken);
            var file = parseResult.GetValue(output)!;
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, bundle.GetRawText(), cancellationToken);
            var count = bundle.TryGetProperty("entry", out var entries) ? entries.GetArrayLength() : 0;
            AnsiConsole.MarkupLine($"Wrote {count} AuditEvent resources to {Markup.Escape(file.FullName)}.");
            if (count >= AuditTrail.MaxQueryRecords)
            {
                AnsiConsole.MarkupLine($"[yellow]An export holds at most {AuditTrail.MaxQueryRecords} records: narrow it with --since or --workflow to get the rest.[/]");
            }

            return 0;
        }));
        return command;
    }

    private static Command Verify()
    {
        var connection = new OperatorConnection();
        var json = new Option<bool>("--json") { Description = "Write the result as JSON." };
        var command = new Command("verify", "Walk the audit trail's hash chain; exit code 1 and the first broken record when it was changed or cut.") { json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var result = await api.GetAsync<AuditVerification>("api/audit/verify", cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, OperatorApiClient.Json));
            }
            else if (result.Intact)
            {
                AnsiConsole.MarkupLine($"[green]Intact[/]: {result.Records} records, head {result.HeadSequence?.ToString(CultureInfo.InvariantCulture) ?? "-"} {Markup.Escape(result.HeadHash ?? "")}.");
            }
            else
            {
                AnsiConsole.MarkupLine($"[red]Broken at record {result.FirstBrokenSequence}[/]: {Markup.Escape(result.Problem ?? "")} ({result.Records} records before it verify).");
            }

            return result.Intact ? 0 : 1;
        }));
        return command;
    }
}
