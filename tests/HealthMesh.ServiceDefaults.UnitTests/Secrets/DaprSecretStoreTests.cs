using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

    [Fact]
    public async Task The_SMART_client_key_and_id_are_read_from_the_secret_the_settings_name_and_sign_for_the_registered_key()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        var key = SmartKeyPair.Generate(SmartBackendOptions.Es384);
        sidecar.Secrets["healthmesh-ehr-client"] = new() { ["private-key.pem"] = key.PrivateKeyPem, ["client-id"] = "healthmesh-prod" };
        sidecar.Secrets["healthmesh-documents"] = new() { ["HealthMesh__Documents__ActiveKeyId"] = "k1" };
        var builder = Builder(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "healthmesh-documents",
            ["HealthMesh:Ehr:BaseUrl"] = "https://ehr.example.org/fhir",
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:Algorithm"] = SmartBackendOptions.Es384,
            ["HealthMesh:Ehr:Smart:ClientId"] = "overridden-by-the-store",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Name"] = "healthmesh-ehr-client",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Key"] = "private-key.pem",
            ["HealthMesh:Ehr:Smart:ClientIdSecret:Name"] = "healthmesh-ehr-client",
            ["HealthMesh:Ehr:Smart:ClientIdSecret:Key"] = "client-id",
        });

        builder.AddDaprSecretStore();
        builder.AddEhrClient();
        using var host = builder.Build();

        // The options as the EHR client sees them, validated as at start-up.
        var smart = host.Services.GetRequiredService<IOptions<EhrOptions>>().Value.Smart;
        Assert.Equal("healthmesh-prod", smart.ClientId);
        Assert.Equal("k1", builder.Configuration["HealthMesh:Documents:ActiveKeyId"]);
        var credentials = SmartSigningKey.TryCreate(smart, out var error);
        Assert.Null(error);
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Issuer = smart.ClientId, SigningCredentials = credentials });
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = "healthmesh-prod",
            ValidateAudience = false,
            IssuerSigningKeys = new JsonWebKeySet(key.PublicJwks).Keys,
        });
        Assert.True(check.IsValid, check.Exception?.Message);
        Assert.Equal(2, sidecar.Requests.Count(r => r == $"/v1.0/secrets/{Store}/healthmesh-ehr-client"));
    }

    [Fact]
    public async Task A_secret_key_defaults_to_the_secret_name_as_stores_of_single_values_answer()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["ehr-smart-key"] = new() { ["ehr-smart-key"] = "-----BEGIN PRIVATE KEY-----" };

        var configuration = Build(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "ehr-smart-key",
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Name"] = "ehr-smart-key",
        });

        Assert.Equal("-----BEGIN PRIVATE KEY-----", configuration["HealthMesh:Ehr:Smart:PrivateKey"]);
    }

    [Fact]
    public async Task A_named_key_the_secret_lacks_stops_start_up_listing_its_keys_never_its_values()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["healthmesh-ehr-client"] = new() { ["private-key"] = "super-secret-value", ["client-id"] = "also-secret" };

        var failure = Assert.Throws<InvalidOperationException>(() => Build(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "healthmesh-ehr-client",
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Name"] = "healthmesh-ehr-client",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Key"] = "private-key.pem",
        }));

        Assert.Contains("Secret 'healthmesh-ehr-client' of Dapr secret store 'healthmesh-secrets' has no key 'private-key.pem' (named by HealthMesh:Ehr:Smart:PrivateKeySecret); its keys: client-id, private-key.", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-value", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("also-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_named_for_the_SMART_key_without_a_secret_store_is_refused()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Name"] = "healthmesh-ehr-client",
        });

        var failure = Assert.Throws<InvalidOperationException>(() => builder.AddDaprSecretStore());

        Assert.Contains("HealthMesh:Ehr:Smart:PrivateKeySecret names Dapr secret 'healthmesh-ehr-client', but HealthMesh:Dapr:SecretStore is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_reference_without_a_name_is_refused()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:ClientIdSecret:Key"] = "client-id",
        });

        var failure = Assert.Throws<InvalidOperationException>(() => builder.AddDaprSecretStore());

        Assert.Contains("HealthMesh:Ehr:Smart:ClientIdSecret:Name is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_SMART_off_the_named_credentials_secret_is_not_read()
    {
        await using var sidecar = await DaprSidecarStandIn.StartAsync(Store);
        sidecar.Secrets["healthmesh-documents"] = new() { ["HealthMesh__Documents__ActiveKeyId"] = "k1" };

        var configuration = Build(sidecar, new()
        {
            ["HealthMesh:Dapr:Secrets:0"] = "healthmesh-documents",
            ["HealthMesh:Ehr:Smart:Enabled"] = "false",
            ["HealthMesh:Ehr:Smart:PrivateKeySecret:Name"] = "healthmesh-ehr-smart",
        });

        Assert.Null(configuration["HealthMesh:Ehr:Smart:PrivateKey"]);
        Assert.DoesNotContain(sidecar.Requests, r => r.Contains("healthmesh-ehr-smart", StringComparison.Ordinal));
    }

    private static IConfiguration Build(DaprSidecarStandIn sidecar, Dictionary<string, string?> settings)
    {
        var builder = Builder(sidecar, settings);
        builder.AddDaprSecretStore();
        return builder.Configuration;
    }

    private static HostApplicationBuilder Builder(DaprSidecarStandIn sidecar, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings["HealthMesh:Dapr:SecretStore"] = Store;
        settings["HealthMesh:Dapr:HttpEndpoint"] = sidecar.HttpEndpoint.ToString();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
