using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Testing.Identity;
using Hl7.Fhir.Model;
using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// The distributed shape on this machine: the sandbox EHR and every HealthMesh service as separate processes, on one
/// RabbitMQ virtual host and one PostgreSQL database of their own. The test plays the reviewer through the review API,
/// with a bearer token of a loopback OpenID Connect issuer the Orchestrator trusts.
/// </summary>
public sealed class DistributedCluster : IAsyncDisposable
{
    public const string SubscriptionId = "sandbox";

    private readonly Dictionary<string, ServiceProcess> services = [];
    private readonly List<ServiceProcess> extraInstances = [];
    private readonly Dictionary<string, string?> environment;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly HttpClient reviewer = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TestTokenIssuer issuer;

    private DistributedCluster(Dictionary<string, string?> environment, string databaseConnectionString, string secret, TestTokenIssuer issuer)
    {
        this.environment = environment;
        this.issuer = issuer;
        reviewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            issuer.CreateToken("reliability", ["reviewer", "operator"], "Practitioner/reliability", lifetime: TimeSpan.FromHours(4)));
        Api.DefaultRequestHeaders.Authorization = reviewer.DefaultRequestHeaders.Authorization;
        DatabaseConnectionString = databaseConnectionString;
        Secret = secret;
    }

    /// <summary>The Orchestrator's review and operator APIs as reviewer and operator, with room for a rate-limited replay.</summary>
    public HttpClient Api { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public string DatabaseConnectionString { get; }

    /// <summary>The configuration every HealthMesh service of the cluster runs with (broker, database, keys).</summary>
    public IReadOnlyDictionary<string, string?> Settings => environment;

    /// <summary>The cluster's RabbitMQ virtual host.</summary>
    public string RabbitMqVirtualHost => Uri.UnescapeDataString(new Uri(environment["HealthMesh:Transport:RabbitMqUri"]!).AbsolutePath.TrimStart('/'));

    public string Secret { get; }

    public ServiceProcess Sandbox => services["HealthMesh.EhrSandbox.Host"];

    public ServiceProcess Intake => services["HealthMesh.Intake.Host"];

    public ServiceProcess Orchestrator => services["HealthMesh.Orchestrator.Host"];

    /// <param name="settings">Further configuration for every HealthMesh service (e.g. log levels).</param>
    public static async Task<DistributedCluster> StartAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestServers.CreatePostgreSqlDatabaseAsync($"hm_{name}");
        var rabbitMq = await TestServers.CreateRabbitMqVirtualHostAsync($"hm-{name}");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var sandboxDirectory = TestConfiguration.CreateTempDirectory($"sandbox-{name}");

        var sandbox = await ServiceProcess.StartAsync("HealthMesh.EhrSandbox.Host", new Dictionary<string, string?>
        {
            ["HealthMesh:EhrSandbox:ConnectionString"] = $"Data Source={Path.Combine(sandboxDirectory, "ehr.db")}",
            ["HealthMesh:EhrSandbox:DeliveryPollInterval"] = "00:00:00.200",
            ["HealthMesh:EhrSandbox:SeedOnStart"] = "true",
        });

        var environment = new Dictionary<string, string?>
        {
            ["HealthMesh:Transport:Kind"] = "RabbitMq",
            ["HealthMesh:Transport:RabbitMqUri"] = rabbitMq,
            ["HealthMesh:Database:Provider"] = "PostgreSql",
            ["HealthMesh:Database:ConnectionString"] = database,
            ["HealthMesh:Documents:ActiveKeyId"] = "cluster",
            ["HealthMesh:Documents:EncryptionKeys:cluster"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Deidentification:HmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // Deployments give the vault keys to de-identification and write-back only; here every process shares one environment.
            ["HealthMesh:Vault:ActiveKeyId"] = "cluster",
            ["HealthMesh:Vault:Keys:cluster"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Ehr:BaseUrl"] = new Uri(sandbox.BaseAddress, "fhir").ToString(),
            [$"HealthMesh:Intake:Subscriptions:{SubscriptionId}:Secret"] = secret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var issuer = await TestTokenIssuer.StartAsync();
        foreach (var (key, value) in issuer.HostSettings)
        {
            environment[key] = value;
        }

        var cluster = new DistributedCluster(environment, database, secret, issuer);
        cluster.services[sandbox.Name] = sandbox;
        try
        {
            foreach (var host in new[] { "HealthMesh.Orchestrator.Host", "HealthMesh.Deidentification.Host", "HealthMesh.Summarization.Host", "HealthMesh.WriteBack.Host", "HealthMesh.Intake.Host" })
            {
                await cluster.StartServiceAsync(host);
            }

            await cluster.SubscribeIntakeAsync();
        }
        catch
        {
            // A service that did not come up must not leave the others running.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async Task StartServiceAsync(string host) =>
        services[host] = await ServiceProcess.StartAsync(host, environment);

    /// <summary>Starts a service with some settings changed (an unreachable EHR, another engine setting).</summary>
    public async Task StartServiceAsync(string host, IReadOnlyDictionary<string, string?> overrides) =>
        services[host] = await ServiceProcess.StartAsync(host, environment.Concat(overrides).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    /// <summary>Scale-out: one more instance of a service, on the same virtual host and database as the first.</summary>
    public async Task<ServiceProcess> StartExtraInstanceAsync(string host)
    {
        var instance = await ServiceProcess.StartAsync(host, environment);
        extraInstances.Add(instance);
        return instance;
    }

    /// <summary>Every running instance of a service: the first, then those from <see cref="StartExtraInstanceAsync"/>.</summary>
    public IReadOnlyList<ServiceProcess> Instances(string host) =>
        [services[host], .. extraInstances.Where(i => i.Name == host)];

    /// <summary>Kills a service's process outright (SIGKILL): unacknowledged messages go back to the broker.</summary>
    public async Task KillAsync(string host)
    {
        services[host].Kill();
        await services[host].DisposeAsync();
        services.Remove(host);
    }

    /// <summary>
    /// <paramref name="count"/> copies of a sample encounter case, each a new finished Encounter (with its own note,
    /// vitals and conditions) of the same patient, written to the sandbox EHR: each triggers one notification.
    /// </summary>
    public async Task CreateEncountersAsync(string sample, int count, string run)
    {
        var template = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir", $"{sample}.json"));
        var bundle = FhirJson.Parse<Bundle>(template);
        var shared = new HashSet<string> { "Patient", "Practitioner", "Organization", "Location" };
        var renamed = bundle.Entry.Select(e => e.Resource).OfType<Resource>().Where(r => !shared.Contains(r.TypeName)).Select(r => $"{r.TypeName}/{r.Id}").ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var json = renamed.Aggregate(template, (current, reference) =>
            {
                var id = reference.Split('/')[1];
                return current
                    .Replace($"\"{reference}\"", $"\"{reference}-{run}-{i}\"", StringComparison.Ordinal)
                    .Replace($"\"id\": \"{id}\"", $"\"id\": \"{id}-{run}-{i}\"", StringComparison.Ordinal);
            });
            using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
            var response = await http.PostAsync(new Uri(Sandbox.BaseAddress, "fhir"), content, ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        });
    }

    /// <summary>Writes a Bundle (a sample's transaction) to the sandbox EHR: its finished Encounter or final report triggers a notification.</summary>
    public async Task PostToEhrAsync(Bundle bundle)
    {
        using var content = new StringContent(FhirJson.Serialize(bundle), Encoding.UTF8, "application/fhir+json");
        var response = await http.PostAsync(new Uri(Sandbox.BaseAddress, "fhir"), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Approves every draft waiting in the review queue, as reviewer Practitioner/reliability.</summary>
    public async Task<int> ApproveWaitingAsync()
    {
        var queue = await reviewer.GetFromJsonAsync<List<QueueEntry>>(new Uri(Orchestrator.BaseAddress, "api/reviews?limit=500")) ?? [];
        foreach (var entry in queue)
        {
            await reviewer.PostAsJsonAsync(
                new Uri(Orchestrator.BaseAddress, $"api/reviews/{entry.WorkflowId}/approve"),
                new { expectedRevision = entry.Revision });
        }

        return queue.Count;
    }

    public async Task<IReadOnlyDictionary<string, int>> WorkflowsByStateAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        var rows = await connection.QueryAsync<(string State, int Count)>(
            "SELECT current_state, COUNT(*)::int FROM clinical_note_workflows GROUP BY current_state");
        return rows.ToDictionary(r => r.State, r => r.Count);
    }

    /// <summary>Approves drafts as they come until <paramref name="expected"/> workflows are Completed, or fails with the states seen.</summary>
    public async Task WaitForCompletedAsync(int expected, TimeSpan timeout, Func<Task>? whileWaiting = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<string, int> states = new Dictionary<string, int>();
        while (DateTime.UtcNow < deadline)
        {
            await ApproveWaitingAsync();
            states = await WorkflowsByStateAsync();
            if (states.GetValueOrDefault("Completed") >= expected)
            {
                return;
            }

            if (whileWaiting is not null)
            {
                await whileWaiting();
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Expected {expected} completed workflows within {timeout}; states: {string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))}");
    }

    /// <summary>Every HealthMesh note resource of one type in the sandbox EHR, by its HealthMesh identifier.</summary>
    public async Task<IReadOnlyList<string>> NoteIdentifiersAsync(string resourceType)
    {
        var identifiers = new List<string>();
        for (Uri? next = new(Sandbox.BaseAddress, $"fhir/{resourceType}?_count=100"); next is not null;)
        {
            var page = FhirJson.Parse<Bundle>(await http.GetStringAsync(next));
            identifiers.AddRange(page.Entry.Select(e => e.Resource).OfType<Resource>()
                .SelectMany(r => r switch
                {
                    DocumentReference d => d.Identifier.Where(i => i.System == "urn:healthmesh:note").Select(i => i.Value ?? string.Empty),
                    Composition c when c.Identifier?.System == "urn:healthmesh:note" => [c.Identifier.Value ?? string.Empty],
                    _ => [],
                }));
            next = page.NextLink is { } link ? (link.IsAbsoluteUri ? link : new Uri(Sandbox.BaseAddress, link)) : null;
        }

        return identifiers;
    }

    public async Task<HttpResponseMessage> NotifyIntakeAsync(Resource resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Intake.BaseAddress, $"notifications/{SubscriptionId}"))
        {
            Content = new StringContent(FhirJson.Serialize(resource), Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        return await http.SendAsync(request);
    }

    public async Task<T> ReadAsync<T>(string reference) where T : Resource =>
        FhirJson.Parse<T>(await http.GetStringAsync(new Uri(Sandbox.BaseAddress, $"fhir/{reference}")));

    public string Logs() => string.Join("\n", services.Values.Concat(extraInstances).Select(s => $"── {s.Name}\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var service in services.Values.Concat(extraInstances))
        {
            await service.DisposeAsync();
        }

        http.Dispose();
        reviewer.Dispose();
        Api.Dispose();
        await issuer.DisposeAsync();
        await TestServers.DropPostgreSqlDatabaseAsync(DatabaseConnectionString);
    }

    private async Task SubscribeIntakeAsync()
    {
        foreach (var (id, criteria) in new[] { ("hm-encounters", "Encounter?status=finished"), ("hm-radiology", "DiagnosticReport?status=final") })
        {
            var subscription = new Subscription
            {
                Id = id,
                Status = Subscription.SubscriptionStatus.Active,
                Reason = "HealthMesh reliability test",
                Criteria = criteria,
                Channel = new Subscription.ChannelComponent
                {
                    Type = Subscription.SubscriptionChannelType.RestHook,
                    Endpoint = new Uri(Intake.BaseAddress, $"notifications/{SubscriptionId}").ToString(),
                    Payload = "application/fhir+json",
                    Header = [$"Authorization: Bearer {Secret}"],
                },
            };
            using var content = new StringContent(FhirJson.Serialize(subscription), Encoding.UTF8, "application/fhir+json");
            var response = await http.PutAsync(new Uri(Sandbox.BaseAddress, $"fhir/Subscription/{id}"), content);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private sealed record QueueEntry(Guid WorkflowId, int Revision);
}
