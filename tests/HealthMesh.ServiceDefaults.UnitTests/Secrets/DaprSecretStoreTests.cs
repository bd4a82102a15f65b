using HealthMesh.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.UnitTests.Secrets;

/// <summary>
/// The Dapr secret store as a configuration source, against a stand-in that speaks the sidecar's HTTP secrets API:
/// what a service host sees in its configuration, and how start-up fails when the store cannot deliver.
/// </summary>
public sealed class DaprSecretStoreTests
{
    private const string Store = "healthmesh-secrets";

    [Fact]
    public async Task Named_secrets_become_configuration_keys_overriding_the_environment()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["healthmesh-deidentification"] = new() { ["HealthMesh__Deidentification__HmacKey"] = "hmac-from-store" };
        sidecar.Secrets["healthmesh-ehr-client"] = new() { ["HealthMesh:Intake:Subscriptions:epic:Secret"] = "subscription-secret-from-store" };
        sidecar.Secrets["healthmesh-unrelated"] = new() { ["HealthMesh__Other"] = "not asked for" };

        var configuration = Build(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "healthmesh-deidentification",
            ["HealthMesh:Dapr:Secrets:1"] = "healthmesh-ehr-client",
            ["HealthMesh:Deidentification:HmacKey"] = "from-environment",
        });

        Assert.Equal("hmac-from-store", configuration["HealthMesh:Deidentification:HmacKey"]);
        Assert.Equal("subscription-secret-from-store", configuration["HealthMesh:Intake:Subscriptions:epic:Secret"]);
        Assert.Null(configuration["HealthMesh:Other"]);
        Assert.Equal(
            ["/v1.0/healthz/outbound", $"/v1.0/secrets/{Store}/healthmesh-deidentification", $"/v1.0/secrets/{Store}/healthmesh-ehr-client"],
            sidecar.Requests);
    }

    [Fact]
    public async Task Without_named_secrets_every_secret_the_store_lists_is_read_in_one_bulk_call()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["healthmesh-documents"] = new() { ["HealthMesh__Documents__EncryptionKeys__k1"] = "key-1", ["HealthMesh__Documents__ActiveKeyId"] = "k1" };
        sidecar.Secrets["healthmesh-deidentification"] = new() { ["HealthMesh__Deidentification__HmacKey"] = "hmac" };

        var configuration = Build(sidecar, []);

        Assert.Equal("key-1", configuration["HealthMesh:Documents:EncryptionKeys:k1"]);
        Assert.Equal("k1", configuration["HealthMesh:Documents:ActiveKeyId"]);
        Assert.Equal("hmac", configuration["HealthMesh:Deidentification:HmacKey"]);
        Assert.Contains($"/v1.0/secrets/{Store}/bulk", sidecar.Requests);
    }

    [Fact]
    public async Task Start_up_waits_for_the_sidecar_and_sends_the_Dapr_API_token()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.NotReadyProbes = 3;
        sidecar.ApiToken = "dapr-api-token-for-tests";
        sidecar.Secrets["s"] = new() { ["HealthMesh__Deidentification__HmacKey"] = "hmac" };

        var configuration = Build(sidecar, new() { ["HealthMesh:Dapr:Secrets:0"] = "s", ["DAPR_API_TOKEN"] = "dapr-api-token-for-tests" });

        Assert.Equal("hmac", configuration["HealthMesh:Deidentification:HmacKey"]);
        Assert.Equal(4, sidecar.Requests.Count(r => r == "/v1.0/healthz/outbound"));
    }

    [Theory]
    [InlineData("missing", null, "HTTP 500 ERR_SECRET_GET")]
    [InlineData("not-allowed", "allowed-only", "HTTP 403 ERR_PERMISSION_DENIED")]
    public async Task A_secret_the_store_will_not_deliver_stops_start_up_naming_it_without_any_value(string secret, string? allowed, string expected)
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["not-allowed"] = new() { ["HealthMesh__Deidentification__HmacKey"] = "super-secret-value" };
        sidecar.AllowedSecrets = allowed is null ? null : [allowed];

        var failure = Assert.Throws<InvalidOperationException>(() => Build(sidecar, new() { ["HealthMesh:Dapr:Secrets:0"] = secret }));

        Assert.Contains($"Secret '{secret}' of Dapr secret store '{Store}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-value", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_API_token_stops_start_up()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.ApiToken = "expected-token";

        var failure = Assert.Throws<InvalidOperationException>(() => Build(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "s",
            ["HealthMesh:Dapr:SidecarTimeout"] = "00:00:01",
            ["DAPR_API_TOKEN"] = "wrong-token",
        }));

        Assert.Contains("was not ready within 00:00:01 (HTTP 401)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_store_without_a_sidecar_address_is_refused()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["HealthMesh:Dapr:SecretStore"] = Store });

        var failure = Assert.Throws<InvalidOperationException>(() => builder.AddDaprSecretStore());

        Assert.Contains("DAPR_HTTP_PORT", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_secret_store_nothing_is_added()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var sources = builder.Configuration.Sources.Count;

        builder.AddDaprSecretStore();

        Assert.Equal(sources, builder.Configuration.Sources.Count);
    }

    [Fact]
    public async Task The_sidecar_port_Dapr_injects_is_where_secrets_are_read()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["s"] = new() { ["HealthMesh__Deidentification__HmacKey"] = "via-port" };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Dapr:SecretStore"] = Store,
            ["HealthMesh:Dapr:Secrets:0"] = "s",
            ["DAPR_HTTP_PORT"] = sidecar.HttpEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        builder.AddDaprSecretStore();

        Assert.Equal("via-port", builder.Configuration["HealthMesh:Deidentification:HmacKey"]);
    }

    private static IConfiguration Build(DaprSidecarStandIn sidecar, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings["HealthMesh:Dapr:SecretStore"] = Store;
        settings["HealthMesh:Dapr:HttpEndpoint"] = sidecar.HttpEndpoint.ToString();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDaprSecretStore();
        return builder.Configuration;
    }
}
