using System.CommandLine;
using HealthMesh.AllInOne.OperatorApi;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using Spectre.Console;

namespace HealthMesh.AllInOne.Failed;

/// <summary><c>healthmesh failed list|retry|park</c>: failed messages with exception and workflow, through the operator API.</summary>
public static class FailedCommand
{
    public static Command Create()
    {
        var command = new Command("failed", "List, retry or park failed messages (error and dead-letter queues on RabbitMQ; journaled faults on the in-memory transport).")
        {
            List(), Retry(), Park(),
        };
        return command;
    }

    private static Command List()
    {
        var connection = new OperatorConnection();
        var messageType = new Option<string?>("--message-type") { Description = "Only this kind, e.g. Fault<WriteBackClinicalNote> or WriteBackClinicalNote." };
        var parked = new Option<bool>("--parked") { Description = "List the parked messages (set aside with 'failed park') instead." };
        var command = new Command("list", "List failed messages with their queue, exception and workflow.") { messageType, parked };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var type = parseResult.GetValue(messageType);
            var query = $"api/failed-messages?parked={(parseResult.GetValue(parked) ? "true" : "false")}{(type is null ? "" : $"&messageType={Uri.EscapeDataString(type)}")}";
            var failed = await api.GetAsync<List<FailedMessage>>(query, cancellationToken);
            var table = new Table().AddColumns("message id", "queue", "type", "workflow", "step", "exception", "at");
            foreach (var message in failed)
            {
                table.AddRow(message.MessageId.ToString(), Markup.Escape(message.Queue), Markup.Escape(message.MessageType), message.WorkflowId?.ToString() ?? "?",
                    Markup.Escape(message.Step), Markup.Escape(message.ExceptionType ?? ""), message.FaultedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(parseResult.GetValue(parked)
                ? $"{failed.Count} parked messages. Retry: healthmesh failed retry --parked --message <id>… | --message-type <type> | --all"
                : $"{failed.Count} failed messages. Retry: healthmesh failed retry --message <id>… | --message-type <type> | --all");
            return 0;
        }));
        return command;
    }

    private static Command Retry() => Act("retry", "Send failed (or, with --parked, parked) messages back to the step that failed (a faulted workflow retries its step).", "api/failed-messages/retry", withParked: true);

    private static Command Park() => Act("park", "Move failed messages to the parking queue (<queue>_parking), out of the error queue.", "api/failed-messages/park", withParked: false);

    private static Command Act(string name, string description, string path, bool withParked)
    {
        var connection = new OperatorConnection();
        var messages = new Option<Guid[]>("--message") { Description = "Message ids from 'healthmesh failed list' (repeatable).", AllowMultipleArgumentsPerToken = true };
        var messageType = new Option<string?>("--message-type") { Description = "Every failed message of this kind." };
        var all = new Option<bool>("--all") { Description = "Every failed message." };
        var parked = new Option<bool>("--parked") { Description = "Retry parked messages instead of failed ones." };
        var command = new Command(name, description) { messages, messageType, all };
        if (withParked)
        {
            command.Options.Add(parked);
        }

        connection.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(messages) is not { Length: > 0 } && result.GetValue(messageType) is null && !result.GetValue(all))
            {
                result.AddError("Say which: --message <id>…, --message-type <type> or --all.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var result = await api.PostAsync<FailedMessagesResult>(path, new FailedMessagesRequest(
                parseResult.GetValue(messages) is { Length: > 0 } ids ? ids : null, parseResult.GetValue(messageType), parseResult.GetValue(all), withParked && parseResult.GetValue(parked)), cancellationToken);
            AnsiConsole.MarkupLine($"{name}: {result.Done.Count} done, {result.NotFound.Count} not found{(result.NotFound.Count > 0 ? ": " + string.Join(", ", result.NotFound) : "")}");
            return result.NotFound.Count > 0 ? 1 : 0;
        }));
        return command;
    }
}
