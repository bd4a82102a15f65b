using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.Testing.FakeEhr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.UnitTests.Ehr;

/// <summary>
/// The EHR client's retries against the fake EHR: 429 and 5xx are retried, waiting what <c>Retry-After</c> asks
/// (checked by when the retried request reached the EHR) and never longer than the configured ceiling.
/// </summary>
public sealed class EhrRetryTests
{
    private const string PatientId = "pat-retry";

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async System.Threading.Tasks.Task Retry_After_in_seconds_is_waited_before_the_retry(HttpStatusCode status)
    {
        await using var ehr = await FakeEhr.StartAsync(new Patient { Id = PatientId });
        await using var client = Client(ehr);
        ehr.FailNext(1, status, retryAfter: "2");

        var patient = await ReadPatientAsync(client);

        Assert.Equal(PatientId, patient.Id);
        var (first, retry) = ReadsOfThePatient(ehr);
        Assert.True(retry - first >= TimeSpan.FromSeconds(1.95), $"The retry came {(retry - first).TotalMilliseconds} ms after the {(int)status}, not after the 2 s asked.");
    }

    [Fact]
    public async System.Threading.Tasks.Task Retry_After_as_an_HTTP_date_is_waited_for_before_the_retry()
    {
        await using var ehr = await FakeEhr.StartAsync(new Patient { Id = PatientId });
        await using var client = Client(ehr);
        await ReadPatientAsync(client);
        // An HTTP-date has whole seconds; the retry must not reach the EHR before it.
        var asked = DateTimeOffset.ParseExact(DateTimeOffset.UtcNow.AddSeconds(3).ToString("R", CultureInfo.InvariantCulture), "R", CultureInfo.InvariantCulture);
        ehr.FailNext(1, HttpStatusCode.ServiceUnavailable, retryAfter: asked.ToString("R", CultureInfo.InvariantCulture));

        await ReadPatientAsync(client);

        var reads = ehr.TimedRequests.Where(r => r.Request == $"GET /fhir/Patient/{PatientId}").Select(r => r.At).ToList();
        Assert.Equal(3, reads.Count);
        Assert.True(reads[2] >= asked.AddMilliseconds(-50), $"The retry came at {reads[2]:O}, before the {asked:R} asked for.");
        Assert.True(reads[2] - reads[1] >= TimeSpan.FromSeconds(1.95), $"The retry came {(reads[2] - reads[1]).TotalMilliseconds} ms after the 503.");
    }

    [Fact]
    public async System.Threading.Tasks.Task A_Retry_After_beyond_the_ceiling_is_shortened_to_it()
    {
        await using var ehr = await FakeEhr.StartAsync(new Patient { Id = PatientId });
        await using var client = Client(ehr, new() { ["HealthMesh:Ehr:MaxRetryAfter"] = "00:00:01" });
        ehr.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "3600");

        var patient = await ReadPatientAsync(client);

        Assert.Equal(PatientId, patient.Id);
        var (first, retry) = ReadsOfThePatient(ehr);
        Assert.True(retry - first >= TimeSpan.FromSeconds(0.95), $"The retry came {(retry - first).TotalMilliseconds} ms after the 429.");
    }

    [Fact]
    public async System.Threading.Tasks.Task Server_errors_without_Retry_After_are_retried_with_backoff_up_to_the_limit()
    {
        await using var ehr = await FakeEhr.StartAsync(new Patient { Id = PatientId });
        await using var client = Client(ehr, new() { ["HealthMesh:Ehr:MaxRetryAttempts"] = "2" });
        ehr.FailNext(2, HttpStatusCode.InternalServerError);
        Assert.Equal(PatientId, (await ReadPatientAsync(client)).Id);
        Assert.Equal(3, ehr.Requests.Count(r => r == $"GET /fhir/Patient/{PatientId}"));

        ehr.FailNext(10, HttpStatusCode.BadGateway);
        var failure = await Assert.ThrowsAsync<FhirOperationException>(() => ReadPatientAsync(client));
        Assert.Equal(HttpStatusCode.BadGateway, failure.Status);
        Assert.Equal(6, ehr.Requests.Count(r => r == $"GET /fhir/Patient/{PatientId}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_client_error_is_not_retried()
    {
        await using var ehr = await FakeEhr.StartAsync(new Patient { Id = PatientId });
        await using var client = Client(ehr);
        ehr.FailNext(1, HttpStatusCode.BadRequest, retryAfter: "1");

        await Assert.ThrowsAsync<FhirOperationException>(() => ReadPatientAsync(client));

        Assert.Single(ehr.Requests, r => r == $"GET /fhir/Patient/{PatientId}");
    }

    [Theory]
    [InlineData("5", null, 5.0)]
    [InlineData(null, -30.0, 0.0)]
    [InlineData(null, 4.0, 4.0)]
    [InlineData("120", null, 20.0)]
    public void Retry_After_is_read_as_seconds_or_date_never_negative_and_capped(string? seconds, double? dateOffsetSeconds, double expected)
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var header = seconds is not null
            ? new RetryConditionHeaderValue(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)))
            : new RetryConditionHeaderValue(now.AddSeconds(dateOffsetSeconds!.Value));

        Assert.Equal(TimeSpan.FromSeconds(expected), EhrRetryDelay.FromRetryAfter(header, now, TimeSpan.FromSeconds(20)));
        Assert.Null(EhrRetryDelay.FromRetryAfter(null, now, TimeSpan.FromSeconds(20)));
    }

    private static ServiceProvider Client(FakeEhr ehr, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:BaseUrl"] = ehr.BaseUrl.AbsoluteUri,
            // Backoff without Retry-After stays short, so the waits the tests see come from the header.
            ["HealthMesh:Ehr:RetryBaseDelay"] = "00:00:00.010",
        }).AddInMemoryCollection(settings ?? []);
        builder.Services.AddLogging();
        builder.AddEhrClient();
        return builder.Services.BuildServiceProvider();
    }

    private static async Task<Patient> ReadPatientAsync(IServiceProvider client)
    {
        using var fhir = client.CreateEhrFhirClient();
        return (await fhir.ReadAsync<Patient>($"Patient/{PatientId}"))!;
    }

    private static (DateTimeOffset First, DateTimeOffset Retry) ReadsOfThePatient(FakeEhr ehr)
    {
        var reads = ehr.TimedRequests.Where(r => r.Request == $"GET /fhir/Patient/{PatientId}").Select(r => r.At).ToList();
        Assert.Equal(2, reads.Count);
        return (reads[0], reads[1]);
    }
}
