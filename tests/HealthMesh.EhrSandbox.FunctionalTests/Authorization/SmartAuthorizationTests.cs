using System.Net;
using HealthMesh.EhrSandbox.Authorization;
using HealthMesh.ServiceDefaults.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.FunctionalTests.Authorization;

/// <summary>HealthMesh's EHR client against the sandbox with SMART Backend Services required.</summary>
public sealed class SmartAuthorizationTests
{
    [Theory]
    [InlineData(SmartBackendOptions.Rs384)]
    [InlineData(SmartBackendOptions.Es384)]
    public async System.Threading.Tasks.Task Many_calls_concurrent_or_not_share_one_token(string algorithm)
    {
        var key = SmartKeyPair.Generate(algorithm);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key), clock);
        await using var client = SmartClient.Create(sandbox, key, clock);

        await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SearchPatientsAsync(client)));
        for (var i = 0; i < 5; i++)
        {
            await SearchPatientsAsync(client);
        }

        Assert.Equal(1, sandbox.Service<SmartAuthorizationServer>().TokensIssued);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_token_about_to_expire_is_replaced_before_it_is_used()
    {
        var key = SmartKeyPair.Generate();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key), clock);
        await using var client = SmartClient.Create(sandbox, key, clock);
        await SearchPatientsAsync(client);

        // Five-minute tokens are replaced 30 s before they expire.
        clock.Advance(TimeSpan.FromMinutes(4));
        await SearchPatientsAsync(client);
        Assert.Equal(1, sandbox.Service<SmartAuthorizationServer>().TokensIssued);

        clock.Advance(TimeSpan.FromSeconds(31));
        await SearchPatientsAsync(client);
        Assert.Equal(2, sandbox.Service<SmartAuthorizationServer>().TokensIssued);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_401_from_the_EHR_gets_a_new_token_and_the_request_is_sent_once_more()
    {
        var key = SmartKeyPair.Generate();
        var clientClock = new ManualClock(DateTimeOffset.UtcNow);
        var sandboxClock = new ManualClock(clientClock.GetUtcNow());
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key), sandboxClock);
        await using var client = SmartClient.Create(sandbox, key, clientClock);
        await SearchPatientsAsync(client);

        // The EHR ends the token early (its clock, not the client's, says it is over): the client's cached token gets a 401.
        sandboxClock.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(1)));
        var bundle = await SearchPatientsAsync(client);

        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        Assert.Equal(2, sandbox.Service<SmartAuthorizationServer>().TokensIssued);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_key_the_EHR_does_not_know_fails_with_the_EHRs_reason_and_what_to_check()
    {
        var registered = SmartKeyPair.Generate(keyId: "k1");
        var other = SmartKeyPair.Generate(keyId: "k1");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(registered), clock);
        await using var client = SmartClient.Create(sandbox, other, clock);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SearchPatientsAsync(client));

        var smart = Assert.IsType<SmartAuthenticationException>(error is SmartAuthenticationException ? error : error.InnerException);
        Assert.Contains("refused client 'healthmesh-tests' (401 invalid_client: the assertion's signature does not verify", smart.Message);
        Assert.Contains("kid 'k1'", smart.Message);
        Assert.Equal(0, sandbox.Service<SmartAuthorizationServer>().TokensIssued);
    }

    [Theory]
    [InlineData("not a key", "is neither a private-key PEM", null)]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "could not be read as an RSA or EC private key PEM", null)]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "is a public JWK", null)]
    [InlineData(null, "does not fit ES384", SmartBackendOptions.Es384)]
    public async System.Threading.Tasks.Task A_bad_private_key_fails_options_validation_with_a_reason_that_does_not_quote_it(string? privateKey, string expected, string? algorithm)
    {
        var key = SmartKeyPair.Generate();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key), clock);
        await using var client = SmartClient.Create(sandbox, key, clock, new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:Smart:PrivateKey"] = privateKey ?? key.PrivateKeyPem,
            ["HealthMesh:Ehr:Smart:Algorithm"] = algorithm ?? SmartBackendOptions.Rs384,
        });

        var error = Assert.Throws<OptionsValidationException>(() => client.GetRequiredService<IOptions<EhrOptions>>().Value);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(privateKey ?? key.PrivateKeyPem, error.Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task Without_a_token_the_FHIR_API_answers_401_with_an_OperationOutcome_but_metadata_and_discovery_stay_open()
    {
        var key = SmartKeyPair.Generate();
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key));

        using var read = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient");
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal("Bearer", read.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(OperationOutcome.IssueType.Login, (await EhrSandboxFactory.ReadAsync<OperationOutcome>(read)).Issue.Single().Code);

        using var forged = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient", null, ("Authorization", "Bearer forged"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        using var metadata = await sandbox.SendAsync(HttpMethod.Get, "/fhir/metadata");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);

        using var discovery = await sandbox.SendAsync(HttpMethod.Get, "/fhir/.well-known/smart-configuration");
        var configuration = System.Text.Json.JsonDocument.Parse(await discovery.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("http://localhost/fhir/auth/token", configuration.GetProperty("token_endpoint").GetString());
        Assert.Contains("private_key_jwt", configuration.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async System.Threading.Tasks.Task With_anonymous_read_a_tokenless_read_passes_but_writes_and_bad_tokens_do_not()
    {
        var key = SmartKeyPair.Generate();
        using var sandbox = new EhrSandboxFactory(new Dictionary<string, string?>(SmartClient.SandboxSettings(key))
        {
            ["HealthMesh:EhrSandbox:Smart:AllowAnonymousRead"] = "true",
        });

        using var read = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient");
        using var forged = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient", null, ("Authorization", "Bearer forged"));
        using var write = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", new Patient { Active = true });

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (read.StatusCode, forged.StatusCode, write.StatusCode));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_read_only_token_may_search_but_not_write()
    {
        var key = SmartKeyPair.Generate();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(key, scope: "system/*.read"), clock);
        await using var client = SmartClient.Create(sandbox, key, clock, new Dictionary<string, string?> { ["HealthMesh:Ehr:Smart:Scope"] = "system/*.read" });
        await SearchPatientsAsync(client);

        using var fhir = client.CreateEhrFhirClient();
        var denied = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(new Patient { Active = true }));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
    }

    private static async Task<Bundle> SearchPatientsAsync(IServiceProvider client)
    {
        using var fhir = client.CreateEhrFhirClient();
        return (await fhir.SearchAsync("Patient", ["_count=1"]))!;
    }
}
