using System.Net;
using System.Text;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// An OTLP/HTTP endpoint on loopback for services run as processes (<see cref="Settings"/> points their exporter at
/// it): each export is captured as text under <c>trace</c>, <c>log</c> or <c>metric</c> (<c>(otlp)</c>). Protobuf keeps
/// strings as UTF-8, so a value in a span attribute or a log body reads in clear in the captured text.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly PhiCapture capture;
    private readonly Task serving;

    public OtlpReceiver(PhiCapture capture)
    {
        this.capture = capture;
        var port = ServiceProcess.FreeLoopbackPort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        serving = ServeAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>Configuration that makes a HealthMesh service export traces, logs and metrics here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "2000",
    };

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var body = new MemoryStream())
            {
                await context.Request.InputStream.CopyToAsync(body);
                var signal = context.Request.Url?.AbsolutePath switch
                {
                    "/v1/traces" => "trace",
                    "/v1/logs" => "log",
                    "/v1/metrics" => "metric",
                    var other => $"otlp {other}",
                };
                capture.Add($"{signal} (otlp)", Encoding.UTF8.GetString(body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
