using System.CommandLine;
using System.Diagnostics;
using HealthMesh.AllInOne.OperatorApi;
using HealthMesh.Orchestrator.Operations.Replay;
using Spectre.Console;

namespace HealthMesh.AllInOne.Replay;

/// <summary>
/// <c>healthmesh replay</c>: selects journaled workflows, shows the plan (<c>--dry-run</c> stops there), then replays them
/// through the operator API in chunks with a progress bar, at most <c>--rate</c> messages per second, and prints a summary.
/// </summary>
public static class ReplayCommand
{
    private const int ChunkSize = 25;

    public static Command Create()
    {
        var connection = new OperatorConnection();
        var step = new Option<string>("--step")
        {
            Description = "Step to restart from: intake, deidentify, draft or write-back.",
            Required = true,
        };
        step.AcceptOnlyFromAmong([.. KnownReplaySteps.All]);
        var from = new Option<DateTimeOffset?>("--from") { Description = "Messages sent at or after this time (ISO 8601, e.g. 2026-03-02T02:00Z)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Messages sent before this time." };
        var sourceSystem = new Option<string?>("--source-system") { Description = "Only workflows from this EHR (FHIR base URL as Intake recorded it)." };
        var resourceType = new Option<string?>("--resource-type") { Description = "Only workflows of this resource type (Encounter, DiagnosticReport)." };
        var workflows = new Option<Guid[]>("--workflow") { Description = "Only these workflow ids (repeatable).", AllowMultipleArgumentsPerToken = true };
        var messageType = new Option<string?>("--message-type") { Description = "Only messages of this type, e.g. ClinicalNoteWrittenBack or Fault<WriteBackClinicalNote>." };
        var outcome = new Option<string?>("--outcome") { Description = "Only messages with this outcome, e.g. faulted, succeeded, approved." };
        var journalStep = new Option<string?>("--in-step") { Description = "Only messages of this step (intake, deidentify, draft, review, write-back, workflow)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show exactly what would be re-sent and send nothing." };
        var rate = new Option<double>("--rate")
        {
            Description = "At most this many messages per second.",
            DefaultValueFactory = _ => ReplayService.DefaultRatePerSecond,
        };
        rate.Validators.Add(result =>
        {
            if (!result.Implicit && result.GetValueOrDefault<double>() is <= 0 or > ReplayService.MaxRatePerSecond)
            {
                result.AddError($"--rate must be above 0 and at most {ReplayService.MaxRatePerSecond}.");
            }
        });
        var supersede = new Option<bool>("--supersede-reviewed") { Description = "With --step draft: also redraft workflows whose draft a reviewer already decided on." };

        var command = new Command("replay", "Replay journaled workflows from a step (after an EHR outage, a bad deploy, a model change).")
        {
            step, from, to, sourceSystem, resourceType, workflows, messageType, outcome, journalStep, dryRun, rate, supersede,
        };
        connection.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(from) is null && result.GetValue(to) is null && result.GetValue(workflows) is not { Length: > 0 })
            {
                result.AddError("Give --from/--to or --workflow: a replay never takes the whole journal by default.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            var request = new ReplayRequest(
                parseResult.GetValue(step)!, parseResult.GetValue(from), parseResult.GetValue(to),
                parseResult.GetValue(sourceSystem), parseResult.GetValue(resourceType), parseResult.GetValue(workflows) is { Length: > 0 } ids ? ids : null,
                parseResult.GetValue(messageType), parseResult.GetValue(outcome), parseResult.GetValue(journalStep),
                DryRun: true, RatePerSecond: parseResult.GetValue(rate), SupersedeReviewed: parseResult.GetValue(supersede));
            using var api = connection.CreateClient(parseResult);
            var plan = await api.PostAsync<ReplayResult>("api/replay", request, cancellationToken);
            if (parseResult.GetValue(dryRun))
            {
                WritePlan(plan);
                return 0;
            }

            return await RunAsync(api, request with { DryRun = false, BatchId = plan.BatchId }, plan, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(OperatorApiClient api, ReplayRequest request, ReplayResult plan, CancellationToken cancellationToken)
    {
        var toSend = plan.Items.Where(i => i.SkipReason is null).Select(i => i.WorkflowId).ToList();
        var results = new List<ReplayItem>(plan.Items.Where(i => i.SkipReason is not null));
        var clock = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"replay from {request.FromStep}", maxValue: Math.Max(1, toSend.Count));
                foreach (var chunk in toSend.Chunk(ChunkSize))
                {
                    var done = await api.PostAsync<ReplayResult>("api/replay", request with { WorkflowIds = chunk }, cancellationToken);
                    results.AddRange(done.Items);
                    task.Increment(chunk.Length);
                }

                task.Value = task.MaxValue;
            });

        WriteSummary(plan, results, clock.Elapsed);
        return 0;
    }

    private static void WritePlan(ReplayResult plan)
    {
        var table = new Table().AddColumns("workflow", "state", "selected by", "would send", "skipped because");
        foreach (var item in plan.Items)
        {
            table.AddRow(
                item.WorkflowId.ToString(), item.State ?? "(none)", Markup.Escape($"{item.ReplayOfType} {item.ReplayOf}"),
                Markup.Escape(item.MessageType ?? "—"), Markup.Escape(item.SkipReason ?? ""));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Dry run: {plan.Matched} journaled messages matched, {plan.Items.Count(i => i.SkipReason is null)} workflows would be replayed from [bold]{Markup.Escape(plan.FromStep)}[/], {plan.Skipped} skipped. Nothing was sent.");
    }

    private static void WriteSummary(ReplayResult plan, IReadOnlyList<ReplayItem> results, TimeSpan elapsed)
    {
        var sent = results.Count(r => r.Sent);
        var table = new Table().AddColumns("result", "workflows");
        table.AddRow("[green]sent[/]", sent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var reason in results.Where(r => r.SkipReason is not null).GroupBy(r => r.SkipReason!))
        {
            table.AddRow($"[yellow]skipped[/]: {Markup.Escape(reason.Key)}", reason.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var rate = elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0;
        AnsiConsole.MarkupLine($"Replay batch [bold]{plan.BatchId}[/] from {Markup.Escape(plan.FromStep)}: {sent} sent in {elapsed.TotalSeconds:F1} s ({rate:F1}/s). The journal records each replayed message with this batch id.");
    }
}
