using System.CommandLine;

namespace HealthMesh.AllInOne.OperatorApi;

/// <summary>Options every operator command shares.</summary>
public static class OperatorOptions
{
    public const string TokenVariable = "HEALTHMESH_OPERATOR_TOKEN";

    public static Option<string> Url() => BaseAddress("--url", "Base address of a running HealthMesh: 'healthmesh serve' (default) or the distributed Orchestrator.", "http://127.0.0.1:5080/");

    /// <summary>An access token with the operator role, for an Orchestrator behind OpenID Connect.</summary>
    public static Option<string?> Token() => new("--token")
    {
        Description = $"Access token with the operator role for an Orchestrator behind OpenID Connect (default: ${TokenVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null,
    };

    /// <summary>Where 'healthmesh serve' keeps its local operator key (its --data-dir).</summary>
    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "The data directory of 'healthmesh serve', whose secrets.json holds the local operator key (used when no --token is given).",
        DefaultValueFactory = _ => ".data",
    };

    /// <summary>An http(s) base address option; anything else is a parse error naming the option.</summary>
    public static Option<string> BaseAddress(string name, string description, string? defaultValue = null)
    {
        var option = new Option<string>(name) { Description = description };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                result.AddError($"{name} must be an http:// or https:// address, e.g. http://127.0.0.1:5080/; got '{value}'.");
            }
        });
        return option;
    }

    /// <summary>The value of an option made by <see cref="BaseAddress"/>, with a trailing slash so relative paths append.</summary>
    public static Uri BaseUri(string value) => new(value.EndsWith('/') ? value : value + "/");

    /// <summary>Runs an operator command, turning an unreachable or refusing API into a one-line error and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OperatorApiException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
