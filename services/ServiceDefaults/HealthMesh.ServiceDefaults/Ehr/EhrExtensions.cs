using Hl7.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Ehr;

public static class EhrExtensions
{
    /// <summary>
    /// Registers the EHR options and the named "ehr" HttpClient every FHIR call goes through: retries on 429/5xx that
    /// honour <c>Retry-After</c>, then SMART Backend Services authorization when configured.
    /// </summary>
    public static IHostApplicationBuilder AddEhrClient(this IHostApplicationBuilder builder)
    {
        // Several services of the all-in-one host call this: the client, its handlers and its check are registered once.
        if (builder.Services.Any(d => d.ServiceType == typeof(SmartTokenClient)))
        {
            return builder;
        }

        builder.Services.AddOptions<EhrOptions>()
            .BindConfiguration(EhrOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EhrOptions>, EhrOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SmartTokenClient>();
        builder.Services.AddTransient<SmartAuthenticationHandler>();
        builder.Services.AddHttpClient(SmartTokenClient.HttpClientName, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<EhrOptions>>().Value.Timeout);

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the EHR client replaces the default pipeline with its own.
        builder.Services.AddHttpClient(EhrOptions.HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<EhrOptions>>().Value;
                http.BaseAddress = options.BaseUrl;
                http.Timeout = options.Timeout;
            })
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<EhrOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
                resilience.Retry.Delay = options.RetryBaseDelay;
                resilience.Retry.ShouldRetryAfterHeader = false;
                resilience.Retry.DelayGenerator = EhrRetryDelay.Create(sp.GetRequiredService<TimeProvider>(), options.MaxRetryAfter);
                // The whole call, waits included, is bounded by the HttpClient's timeout (EhrOptions.Timeout).
                resilience.TotalRequestTimeout.Timeout = options.Timeout;
                if (resilience.AttemptTimeout.Timeout >= options.Timeout)
                {
                    resilience.AttemptTimeout.Timeout = options.Timeout / 2;
                }
            });
#pragma warning restore EXTEXP0001
        // Added after the resilience handler, so it runs inside it: every retry attempt carries the current token.
        builder.Services.AddHttpClient(EhrOptions.HttpClientName).AddHttpMessageHandler<SmartAuthenticationHandler>();
        builder.Services.AddSingleton<EhrHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<EhrHealthCheck>("ehr", tags: ["ready"]);

        return builder;
    }

    /// <summary>A Firely <see cref="FhirClient"/> over the "ehr" HttpClient. Cheap: create one per unit of work.</summary>
    public static FhirClient CreateEhrFhirClient(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EhrOptions>>().Value;
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(EhrOptions.HttpClientName);
        return new FhirClient(options.BaseUrl!, http, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });
    }
}
