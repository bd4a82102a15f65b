using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// A copy of every message that passes through a RabbitMQ virtual host: a queue of the test's own bound to each of its
/// exchanges (looked for again every half second, since MassTransit declares some, such as <c>_error</c>, on first
/// use). Body and headers (fault reasons travel in headers) are captured as text under <c>broker (exchange)</c>.
/// Needs <c>rabbitmqctl</c> (<c>HEALTHMESH_TEST_RABBITMQCTL</c>) to list the exchanges.
/// </summary>
public sealed class RabbitMqTap : IAsyncDisposable
{
    public const string Channel = "broker";

    private readonly PhiCapture capture;
    private readonly string virtualHost;
    private readonly Func<string, string, Task>? received;
    private readonly HashSet<string> bound = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private IConnection? connection;
    private IChannel? channel;
    private string queue = string.Empty;
    private Task scanning = Task.CompletedTask;

    /// <param name="received">Called with the exchange and the body of each message, after it is captured.</param>
    private RabbitMqTap(PhiCapture capture, string virtualHost, Func<string, string, Task>? received)
    {
        this.capture = capture;
        this.virtualHost = virtualHost;
        this.received = received;
    }

    /// <param name="virtualHostUri">The amqp:// URI of the virtual host (as <see cref="TestServers.CreateRabbitMqVirtualHostAsync"/> gives it).</param>
    public static async Task<RabbitMqTap> StartAsync(PhiCapture capture, string virtualHostUri, Func<string, string, Task>? received = null)
    {
        var uri = new Uri(virtualHostUri);
        var tap = new RabbitMqTap(capture, Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } name ? name : "/", received);
        tap.connection = await new ConnectionFactory { Uri = uri, ClientProvidedName = "healthmesh-phi-tap" }.CreateConnectionAsync();
        tap.channel = await tap.connection.CreateChannelAsync();
        tap.queue = (await tap.channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        var consumer = new AsyncEventingBasicConsumer(tap.channel);
        consumer.ReceivedAsync += tap.OnReceivedAsync;
        await tap.channel.BasicConsumeAsync(tap.queue, autoAck: true, consumer);
        await tap.BindNewExchangesAsync();
        tap.scanning = tap.ScanAsync();
        return tap;
    }

    /// <summary>How many exchanges the tap is bound to.</summary>
    public int Exchanges
    {
        get
        {
            lock (bound)
            {
                return bound.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await scanning;
        if (channel is not null)
        {
            await channel.CloseAsync();
            channel.Dispose();
        }

        if (connection is not null)
        {
            await connection.CloseAsync();
            connection.Dispose();
        }

        stopping.Dispose();
    }

    private async Task ScanAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stopping.Token);
                await BindNewExchangesAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task BindNewExchangesAsync()
    {
        var listing = await TestServers.RabbitMqCtlAsync("-q", "list_exchanges", "-p", virtualHost, "name", "type", "--no-table-headers");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var columns = line.Split('\t');
            // The default exchange cannot be bound; amq.* are the broker's own, unused by MassTransit.
            if (columns is not [var exchange, var type] || exchange.Length == 0 || exchange.StartsWith("amq.", StringComparison.Ordinal) || type == "headers")
            {
                continue;
            }

            lock (bound)
            {
                if (!bound.Add(exchange))
                {
                    continue;
                }
            }

            await channel!.QueueBindAsync(queue, exchange, type == "topic" ? "#" : string.Empty);
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var body = Encoding.UTF8.GetString(delivery.Body.Span);
        var headers = delivery.BasicProperties.Headers?.Select(h => $"{h.Key}: {(h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : h.Value)}") ?? [];
        capture.Add($"{Channel} ({delivery.Exchange})", string.Join('\n', headers.Prepend(body)));
        if (received is not null)
        {
            await received(delivery.Exchange, body);
        }
    }
}
