using System.Text;
using System.Text.Json;
using MassTransit;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// Send, publish and consume observers on a bus that capture every message: the message as serialised, its headers,
/// and on consume the body exactly as it came off the transport. Connect with <see cref="ConnectTo"/>.
/// </summary>
public sealed class BusCapture(PhiCapture capture, string channel = "bus") : ISendObserver, IPublishObserver, IConsumeObserver
{
    public IReadOnlyList<ConnectHandle> ConnectTo(IBus bus) =>
        [bus.ConnectSendObserver(this), bus.ConnectPublishObserver(this), bus.ConnectConsumeObserver(this)];

    public Task PreSend<T>(SendContext<T> context)
        where T : class
    {
        Capture($"{channel} send", context.Message, context.Headers);
        return Task.CompletedTask;
    }

    public Task PostSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class
    {
        Capture($"{channel} publish", context.Message, context.Headers);
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        capture.Add($"{channel} consume body ({typeof(T).Name})", Encoding.UTF8.GetString(context.ReceiveContext.Body.GetBytes()));
        Capture($"{channel} consume", context.Message, context.Headers);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        capture.Add($"{channel} consume fault ({typeof(T).Name})", exception.ToString());
        return Task.CompletedTask;
    }

    private void Capture(string what, object message, Headers headers)
    {
        capture.Add($"{what} ({message.GetType().Name})", JsonSerializer.Serialize(message, message.GetType()));
        capture.Add($"{what} headers ({message.GetType().Name})", string.Join('\n', headers.GetAll().Select(h => $"{h.Key}={h.Value}")));
    }
}
