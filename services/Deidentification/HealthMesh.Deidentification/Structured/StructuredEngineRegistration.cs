using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Structured.Processors;
using HealthMesh.Deidentification.Structured.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Structured;

public static class StructuredEngineRegistration
{
    /// <summary>
    /// The scrubber, one processor per method (keyed by its name), the profile (configured file or the embedded default)
    /// and the rule engine. Needs <see cref="IOptions{DeidentificationOptions}"/>.
    /// </summary>
    public static IServiceCollection AddDeidentificationEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new FreeTextScrubber(sp.GetRequiredService<IOptions<DeidentificationOptions>>().Value.FreeTextReplacement));
        services.TryAddKeyedSingleton<IElementProcessor, KeepProcessor>(KnownMethods.Keep);
        services.TryAddKeyedSingleton<IElementProcessor, RedactProcessor>(KnownMethods.Redact);
        services.TryAddKeyedSingleton<IElementProcessor, DateShiftProcessor>(KnownMethods.DateShift);
        services.TryAddKeyedSingleton<IElementProcessor, PseudonymProcessor>(KnownMethods.Pseudonym);
        services.TryAddKeyedSingleton<IElementProcessor, SubstituteProcessor>(KnownMethods.Substitute);
        services.TryAddKeyedSingleton<IElementProcessor, GeneralizeProcessor>(KnownMethods.Generalize);
        services.TryAddKeyedSingleton<IElementProcessor, PerturbProcessor>(KnownMethods.Perturb);
        services.TryAddKeyedSingleton<IElementProcessor, ScrubProcessor>(KnownMethods.Scrub);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DeidentificationOptions>>().Value.ProfilePath is { Length: > 0 } path
            ? DeidentificationProfile.Load(path)
            : DeidentificationProfile.Default());
        services.TryAddSingleton(sp => new StructuredRuleEngine(sp.GetRequiredService<DeidentificationProfile>(), sp));
        return services;
    }
}
