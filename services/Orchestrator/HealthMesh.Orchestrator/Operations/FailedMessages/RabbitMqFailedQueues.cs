using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthMesh.ServiceDefaults.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// Browses and moves messages in RabbitMQ's error and dead-letter queues over AMQP (no management plugin needed):
/// <c>basic.get</c> without auto-ack reads them, closing the channel puts every unacknowledged one back, and a move is
/// publish-to-target then ack, so a crash between the two leaves a copy in both queues rather than none. Besides
/// HealthMesh's own queues it reads the extra ones configured (<see cref="FailedMessagesOptions.ExtraQueues"/>).
/// </summary>
public sealed class RabbitMqFailedQueues(IOptions<TransportOptions> transport, IOptions<FailedMessagesOptions> options)
{
    public bool Enabled => transport.Value.Kind == TransportKind.RabbitMq;

    /// <param name="parked">List the parking queues instead of the error and dead-letter queues.</param>
    public async Task<IReadOnlyList<FailedMessage>> ListAsync(bool parked = false, CancellationToken cancellationToken = default)
    {
        var failed = new List<FailedMessage>();
        // Nothing is acked: closing each channel returns every message read to its queue.
        await ReadFailedQueuesAsync(parked, (_, _, described) =>
        {
            failed.Add(described);
            return Task.CompletedTask;
        }, cancellationToken);
        return failed;
    }

    /// <summary>The queue a failed or parked message goes back to when retried: its input queue.</summary>
    public string RetryTargetOf(string queue) =>
        FailedQueues().Concat(ParkingQueues()).Where(q => q.Queue == queue).Select(q => q.RetryTo).FirstOrDefault()
            ?? KnownFailedQueues.InputOf(queue);

    /// <summary>The parking queue of a failed message's queue.</summary>
    public string ParkingOf(string queue) => RetryTargetOf(queue) + KnownFailedQueues.ParkingSuffix;

    /// <summary>
    /// Takes the selected failed messages out of their queue: each goes to the queue <paramref name="target"/> names, or,
    /// where it names none, is only removed (its workflow was retried instead). Returns the messages taken.
    /// </summary>
    /// <param name="parked">Take from the parking queues instead of the error and dead-letter queues.</param>
    public async Task<IReadOnlyList<FailedMessage>> MoveAsync(bool parked, Func<FailedMessage, bool> select, Func<FailedMessage, string?> target, CancellationToken cancellationToken = default)
    {
        var moved = new List<FailedMessage>();
        await ReadFailedQueuesAsync(parked, async (channel, message, described) =>
        {
            if (!select(described))
            {
                return;
            }

            if (target(described) is { } destination)
            {
                await channel.QueueDeclareAsync(destination, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await channel.BasicPublishAsync(string.Empty, destination, mandatory: false, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            }

            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved.Add(described);
        }, cancellationToken);
        return moved;
    }

    /// <summary>
    /// Ready messages and consumers of every HealthMesh queue and its error, dead-letter and parking queues that exist,
    /// and of the extra queues configured and their parking queues.
    /// </summary>
    public async Task<IReadOnlyList<QueueDepth>> DepthsAsync(CancellationToken cancellationToken = default)
    {
        var depths = new List<QueueDepth>();
        await using var connection = await ConnectAsync(cancellationToken);
        var queues = KnownFailedQueues.Inputs
            .Concat(FailedQueues().Select(q => q.Queue))
            .Concat(ParkingQueues().Select(q => q.Queue))
            .Distinct(StringComparer.Ordinal);
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                depths.Add(new QueueDepth(queue, declared.MessageCount, declared.ConsumerCount));
            }
            catch (OperationInterruptedException)
            {
                // Not declared yet (nothing ever failed there): no row.
            }
        }

        return depths;
    }

    /// <summary>
    /// Reads, without acking, each message of every error and dead-letter queue that exists, once: as many gets as the
    /// queue held when its channel opened, so messages a handler returns to the queue are not read again.
    /// </summary>
    private async Task ReadFailedQueuesAsync(bool parked, Func<IChannel, BasicGetResult, FailedMessage, Task> handle, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        foreach (var (queue, retryTo) in parked ? ParkingQueues() : FailedQueues())
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            if (await CountAsync(channel, queue, cancellationToken) is not { } count)
            {
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                await handle(channel, message, Describe(queue, retryTo, message));
            }
        }
    }

    private IEnumerable<(string Queue, string RetryTo)> FailedQueues() =>
        KnownFailedQueues.Inputs
            .SelectMany(q => new[] { (q + KnownFailedQueues.ErrorSuffix, q), (q + KnownFailedQueues.SkippedSuffix, q) })
            .Concat(options.Value.Parse())
            .DistinctBy(q => q.Item1, StringComparer.Ordinal);

    private IEnumerable<(string Queue, string RetryTo)> ParkingQueues() =>
        FailedQueues().Select(q => q.RetryTo).Distinct(StringComparer.Ordinal).Select(input => (input + KnownFailedQueues.ParkingSuffix, input));

    private static async Task<uint?> CountAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    private static FailedMessage Describe(string queue, string input, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        Guid? workflowId = null;
        var messageType = "unknown";
        Guid messageId = Guid.TryParse(message.BasicProperties.MessageId, out var id) ? id : Guid.Empty;
        try
        {
            using var envelope = JsonDocument.Parse(message.Body);
            if (envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
            {
                messageType = types[0].GetString()?.Split(':').Last() ?? messageType;
            }

            if (envelope.RootElement.TryGetProperty("message", out var body) && body.TryGetProperty("workflowId", out var workflow) && workflow.TryGetGuid(out var wf))
            {
                workflowId = wf;
            }

            if (messageId == Guid.Empty && envelope.RootElement.TryGetProperty("messageId", out var mid) && mid.TryGetGuid(out var parsed))
            {
                messageId = parsed;
            }
        }
        catch (JsonException)
        {
            // Not a MassTransit JSON envelope (raw JSON or another serializer): listed with what the headers say.
        }

        var faultedAt = Header(headers, "MT-Fault-Timestamp") is { } stamp && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.FromUnixTimeSeconds(message.BasicProperties.Timestamp.UnixTime);
        return new FailedMessage(
            messageId, queue, messageType, workflowId, KnownFailedQueues.StepOf(input),
            Header(headers, "MT-Fault-ExceptionType") ?? (queue.EndsWith(KnownFailedQueues.SkippedSuffix, StringComparison.Ordinal) ? "skipped: no consumer for this message type" : null),
            Header(headers, "MT-Fault-Message"),
            faultedAt);
    }

    private static string? Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(transport.Value.RabbitMqUri!);
        uri.Scheme = uri.Scheme switch { "rabbitmq" => "amqp", "rabbitmqs" => "amqps", _ => uri.Scheme };
        var factory = new ConnectionFactory { Uri = uri.Uri, ClientProvidedName = "healthmesh-operations" };
        return await factory.CreateConnectionAsync(cancellationToken);
    }
}
