using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.FunctionalTests;

/// <summary>The sandbox host on its own temporary SQLite file; one per test class (xunit class fixture).</summary>
public sealed class EhrSandboxFactory : WebApplicationFactory<Program>
{
    public const string FhirJsonMediaType = "application/fhir+json";

    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly TimeSpan _deliveryPollInterval;
    private readonly IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();
    private readonly TimeProvider? _clock;

    public EhrSandboxFactory()
        : this(Directory.CreateTempSubdirectory("ehr-sandbox-tests-").FullName, ownsDirectory: true, TimeSpan.FromMilliseconds(100))
    {
    }

    /// <summary>A sandbox on the database in <paramref name="directory"/>, e.g. to restart over the same file.</summary>
    internal EhrSandboxFactory(string directory, bool ownsDirectory, TimeSpan deliveryPollInterval)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _deliveryPollInterval = deliveryPollInterval;
    }

    /// <summary>A sandbox with further settings (e.g. SMART authorization) and, optionally, a clock the test moves.</summary>
    internal EhrSandboxFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
        : this()
    {
        _settings = settings;
        _clock = clock;
    }

    public string DatabasePath => Path.Combine(_directory, "sandbox.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:EhrSandbox:ConnectionString"] = $"Data Source={DatabasePath}",
            ["HealthMesh:EhrSandbox:SeedOnStart"] = "false",
            ["HealthMesh:EhrSandbox:DeliveryPollInterval"] = _deliveryPollInterval.ToString("c"),
        }).AddInMemoryCollection(_settings));
        if (_clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(_clock));
        }
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Resource? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(FhirJson.Serialize(body), System.Text.Encoding.UTF8, FhirJsonMediaType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await CreateClient().SendAsync(request);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) where T : Resource
    {
        Assert.Equal(FhirJsonMediaType, response.Content.Headers.ContentType?.MediaType);
        return FhirJson.Parse<T>(await response.Content.ReadAsStringAsync());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // WebApplicationFactory may dispose more than once (Dispose and DisposeAsync).
        if (disposing && _ownsDirectory && Directory.Exists(_directory))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
