using Hl7.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Ehr;

public static class EhrExtensions
{
    /// <summary>Registers the EHR options and a named HttpClient (with the standard resilience pipeline) for FHIR calls.</summary>
    public static IHostApplicationBuilder AddEhrClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EhrOptions>()
            .BindConfiguration(EhrOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(EhrOptions.HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<EhrOptions>>().Value;
            http.BaseAddress = options.BaseUrl;
            http.Timeout = options.Timeout;
        });
        // Several services of the all-in-one host call this; the check is registered once.
        if (builder.Services.All(d => d.ServiceType != typeof(EhrHealthCheck)))
        {
            builder.Services.AddSingleton<EhrHealthCheck>();
            builder.Services.AddHealthChecks().AddCheck<EhrHealthCheck>("ehr", tags: ["ready"]);
        }

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
