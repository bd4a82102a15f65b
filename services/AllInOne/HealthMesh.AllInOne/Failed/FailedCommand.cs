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
        var command = new Command("list", "List failed messages with their queue, exception and workflow.") { messageType };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => OperatorOptions.RunAsync(async () =>
        {
            using var api = connection.CreateClient(parseResult);
            var type = parseResult.GetValue(messageType);
            var failed = await api.GetAsync<List<FailedMessage>>(type is null ? "api/failed-messages" : $"api/failed-messages?messageType={Uri.EscapeDataString(type)}", cancellationToken);
            var table = new Table().AddColumns("message id", "queue", "type", "workflow", "step", "exception", "at");
            foreach (var message in failed)
            {
                table.AddRow(message.MessageId.ToString(), Markup.Escape(message.Queue), Markup.Escape(message.MessageType), message.WorkflowId?.ToString() ?? "?",
                    Markup.Escape(message.Step), Markup.Escape(message.ExceptionType ?? ""), message.FaultedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{failed.Count} failed messages. Retry: healthmesh failed retry --message <id>… | --message-type <type> | --all");
            return 0;
        }));
        return command;
    }

    private static Command Retry() => Act("retry", "Send failed messages back to the step that failed (a faulted workflow retries its step).", "api/failed-messages/retry");

    private static Command Park() => Act("park", "Move failed messages to the parking queue (<queue>_parking), out of the error queue.", "api/failed-messages/park");

    private static Command Act(string name, string description, string path)
    {
        var connection = new OperatorConnection();
        var messages = new Option<Guid[]>("--message") { Description = "Message ids from 'healthmesh failed list' (repeatable).", AllowMultipleArgumentsPerToken = true };
        var messageType = new Option<string?>("--message-type") { Description = "Every failed message of this kind." };
        var all = new Option<bool>("--all") { Description = "Every failed message." };
        var command = new Command(name, description) { messages, messageType, all };
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
                parseResult.GetValue(messages) is { Length: > 0 } ids ? ids : null, parseResult.GetValue(messageType), parseResult.GetValue(all)), cancellationToken);
            AnsiConsole.MarkupLine($"{name}: {result.Done.Count} done, {result.NotFound.Count} not found{(result.NotFound.Count > 0 ? ": " + string.Join(", ", result.NotFound) : "")}");
            return result.NotFound.Count > 0 ? 1 : 0;
        }));
        return command;
    }
}
