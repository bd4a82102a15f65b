using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace HealthMesh.EhrSandbox.FunctionalTests;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records the rest-hook notifications it receives; it can answer 500 to the first ones.</summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedNotification> _received = Channel.CreateUnbounded<ReceivedNotification>();
    private int _failuresLeft;

    private NotificationReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    public string Url => _app.Urls.First();

    public static async Task<NotificationReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NotificationReceiver(app, failFirst);
        app.MapPost("/{**path}", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next notification; fails the test if none arrives within a generous bound (a hang guard, not a speed check).</summary>
    public async Task<ReceivedNotification> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing alone leaves the socket accepting connections that are never answered; stop the server first.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var notification = new ReceivedNotification(
            context.Request.Path,
            context.Request.ContentType,
            await reader.ReadToEndAsync(),
            context.Request.Headers.Authorization.ToString(),
            Interlocked.Decrement(ref _failuresLeft) >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
        await _received.Writer.WriteAsync(notification);
        return Results.StatusCode(notification.AnsweredStatus);
    }
}
