using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HealthMesh.Contracts;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Testing;
using HealthMesh.Testing.FakeEhr;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Intake.FunctionalTests;

/// <summary>
/// The Intake host (its own Program) over a fake EHR, an in-memory bus test harness and a fresh SQLite file per test
/// (or, with <c>postgreSql</c>, a fresh database of its own on the shared PostgreSQL server).
/// <see cref="Broker"/> can take the broker "down": publishing then fails as it does when RabbitMQ is unreachable.
/// </summary>
public sealed class IntakeTestHost : IAsyncDisposable
{
    public const string SubscriptionId = "ehr-main";
    public const string Secret = "test-secret-0123456789";

    private readonly string databasePath;
    private readonly string? postgreSqlConnectionString;

    private IntakeTestHost(FakeEhr ehr, WebApplicationFactory<Program> factory, string databasePath, string? postgreSqlConnectionString, BrokerSwitch broker)
    {
        this.postgreSqlConnectionString = postgreSqlConnectionString;
        Ehr = ehr;
        Broker = broker;
        Factory = factory;
        this.databasePath = databasePath;
        Client = factory.CreateClient();
        Harness = factory.Services.GetTestHarness();
    }

    public FakeEhr Ehr { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public ITestHarness Harness { get; }

    public BrokerSwitch Broker { get; }

    /// <param name="settings">Further configuration (e.g. heartbeat periods, the recovery monitor's interval).</param>
    /// <param name="postgreSql">Journal and subscription state on PostgreSQL (<c>HEALTHMESH_TEST_POSTGRESQL</c>) instead of SQLite.</param>
    public static async Task<IntakeTestHost> StartAsync(long? maxNotificationBytes = null, IReadOnlyDictionary<string, string>? settings = null, bool postgreSql = false)
    {
        var ehr = await FakeEhr.StartAsync(ClinicalFixtures.All());
        var databasePath = Path.Combine(Path.GetTempPath(), $"healthmesh-intake-{Guid.NewGuid():N}.db");
        var postgreSqlConnectionString = postgreSql ? await TestServers.CreatePostgreSqlDatabaseAsync("intake") : null;
        var broker = new BrokerSwitch();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("HealthMesh:Database:Provider", postgreSql ? "PostgreSql" : "Sqlite");
            web.UseSetting("HealthMesh:Database:ConnectionString", postgreSqlConnectionString ?? $"Data Source={databasePath}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "test");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:test", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            web.UseSetting("HealthMesh:Ehr:BaseUrl", ehr.BaseUrl.ToString());
            web.UseSetting($"HealthMesh:Intake:Subscriptions:{SubscriptionId}:Secret", Secret);
            web.UseSetting("HealthMesh:Intake:Subscriptions:custom-header:Secret", Secret);
            web.UseSetting("HealthMesh:Intake:Subscriptions:custom-header:Header", "X-Subscription-Secret");
            if (maxNotificationBytes is { } max)
            {
                web.UseSetting("HealthMesh:Intake:MaxNotificationBytes", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services => services.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, cfg) =>
            {
                cfg.ConfigurePublish(publish => publish.UseFilter(broker));
                cfg.ConfigureEndpoints(context);
            })));
        });

        var host = new IntakeTestHost(ehr, factory, databasePath, postgreSqlConnectionString, broker);
        await host.Harness.Start();
        return host;
    }

    public Task<HttpResponseMessage> PostAsync(string? body, string subscriptionId = SubscriptionId, string? secret = Secret, string contentType = "application/fhir+json", string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/notifications/{subscriptionId}");
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return Client.SendAsync(request);
    }

    public IReadOnlyList<ClinicalEventReceived> Published() =>
        Harness.Published.Select<ClinicalEventReceived>().Select(m => m.Context.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Ehr.DisposeAsync();
        if (postgreSqlConnectionString is not null)
        {
            await TestServers.DropPostgreSqlDatabaseAsync(postgreSqlConnectionString);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, $"{databasePath}-wal", $"{databasePath}-shm" })
        {
            File.Delete(file);
        }
    }
}
