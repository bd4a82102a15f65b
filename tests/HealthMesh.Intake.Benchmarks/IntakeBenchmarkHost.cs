using System.Security.Cryptography;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Intake.Benchmarks;

/// <summary>
/// Intake as deployed in the distributed shape: Kestrel on loopback, RabbitMQ (own virtual host) with publisher
/// confirms, PostgreSQL (own database) for the journal, and the EHR it reads context from.
/// </summary>
public sealed class IntakeBenchmarkHost : IAsyncDisposable
{
    /// <summary>One EHR subscription per concurrent sender: each delivers its events in order, as one subscription does.</summary>
    public const int Subscriptions = 16;
    public const string Secret = "benchmark-secret-0123456789";

    private readonly WebApplication app;

    private IntakeBenchmarkHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public DeliveryCounter Counter => app.Services.GetRequiredService<DeliveryCounter>();

    public static async Task<IntakeBenchmarkHost> StartAsync(string rabbitMqUri, string postgreSqlConnectionString, Uri ehrBaseUrl)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = "PostgreSql",
            ["HealthMesh:Database:ConnectionString"] = postgreSqlConnectionString,
            ["HealthMesh:Documents:ActiveKeyId"] = "bench",
            ["HealthMesh:Documents:EncryptionKeys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Ehr:BaseUrl"] = ehrBaseUrl.ToString(),
            ["HealthMesh:Transport:Kind"] = nameof(TransportKind.RabbitMq),
            ["HealthMesh:Transport:RabbitMqUri"] = rabbitMqUri,
        };
        for (var subscription = 0; subscription < Subscriptions; subscription++)
        {
            settings[$"HealthMesh:Intake:Subscriptions:{SubscriptionName(subscription)}:Secret"] = Secret;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddIntake();
        builder.Services.AddSingleton<DeliveryCounter>();
        builder.AddHealthMeshBus(bus =>
        {
            bus.AddIntakeConsumers();
            bus.AddConsumer<DeliveryCounterConsumer>();
        });

        var app = builder.Build();
        app.MapIntakeApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IntakeBenchmarkHost(app, new Uri(address));
    }

    public static string SubscriptionName(int index) => $"bench-{index}";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
