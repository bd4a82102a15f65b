using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthMesh.AllInOne.OperatorApi;
using HealthMesh.Orchestrator.Operations.Status;
using Spectre.Console;

namespace HealthMesh.AllInOne.Status;

/// <summary>
/// <c>healthmesh status</c>: workflows by state with the oldest waiting one, faults of the last 24 hours by step and
/// exception type, queue depths (RabbitMQ), and subscription health from Intake's <c>/subscriptions</c>.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var connection = new OperatorConnection();
        var intakeUrl = OperatorOptions.BaseAddress("--intake-url", "Base address of Intake for subscription health (default: --url, as in 'healthmesh serve').");
        var json = new Option<bool>("--json") { Description = "Write the status as JSON instead of tables." };
        var command = new Command("status", "Show workflows by state, the oldest waiting, faults by reason, queue depths and subscription health.")
        {
            intakeUrl, json,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var status = await api.GetAsync<OperationsStatus>("api/operations/status", cancellationToken);
            using var intake = new OperatorApiClient(OperatorOptions.BaseUri(parseResult.GetValue(intakeUrl) ?? parseResult.GetValue(connection.Url)!));
            JsonElement? subscriptions;
            string? subscriptionError = null;
            try
            {
                subscriptions = await intake.GetAsync<JsonElement>("subscriptions", cancellationToken);
            }
            catch (OperatorApiException ex)
            {
                subscriptions = null;
                subscriptionError = ex.Message;
            }

            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { status, subscriptions, subscriptionError }, OperatorApiClient.Json));
                return 0;
            }

            Write(status, subscriptions, subscriptionError);
            return 0;
        }));
        return command;
    }

    private static void Write(OperationsStatus status, JsonElement? subscriptions, string? subscriptionError)
    {
        var workflows = new Table().Title("Workflows").AddColumns("state", "count", "oldest waiting", "in state for");
        foreach (var (state, count) in status.WorkflowsByState.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var oldest = status.OldestByState.FirstOrDefault(o => o.State == state);
            workflows.AddRow(state, count.ToString(CultureInfo.InvariantCulture), oldest?.WorkflowId.ToString() ?? "", oldest is null ? "" : Age(oldest.AgeInState));
        }

        AnsiConsole.Write(workflows);

        var faults = new Table().Title($"Faults since {status.FaultsSince:u}").AddColumns("step", "exception type", "count", "last");
        foreach (var fault in status.Faults)
        {
            faults.AddRow(Markup.Escape(fault.Step), Markup.Escape(fault.ExceptionType), fault.Count.ToString(CultureInfo.InvariantCulture), fault.LastAt.ToString("u", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(faults);

        var queues = new Table().Title($"Queues ({Markup.Escape(status.Transport)})").AddColumns("queue", "ready messages", "consumers");
        foreach (var queue in status.Queues)
        {
            queues.AddRow(Markup.Escape(queue.Queue), queue.Messages.ToString(CultureInfo.InvariantCulture), queue.Consumers.ToString(CultureInfo.InvariantCulture));
        }

        if (status.Queues.Count == 0)
        {
            queues.AddRow("(in-memory transport: no broker queues; failed messages come from the journal)", "", "");
        }

        AnsiConsole.Write(queues);

        var subs = new Table().Title("Subscriptions (Intake)").AddColumns("subscription", "health", "reason", "last notification");
        if (subscriptions is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var s in list.EnumerateArray())
            {
                var health = Text(s, "health");
                var color = health switch { "active" => "green", "recovering" => "yellow", _ => "red" };
                subs.AddRow(Markup.Escape(Text(s, "subscriptionId")), $"[{color}]{Markup.Escape(health)}[/]", Markup.Escape(Text(s, "reason")), Markup.Escape(Text(s, "lastNotificationAt")));
            }
        }
        else
        {
            subs.AddRow("[red]unavailable[/]", Markup.Escape(subscriptionError ?? "no answer"), "", "");
        }

        AnsiConsole.Write(subs);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";

    private static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{age.TotalDays:F1} d" : age.TotalHours >= 1 ? $"{age.TotalHours:F1} h" : $"{age.TotalMinutes:F0} min";
}
