using System.Text.RegularExpressions;

namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>Parses backend-service scopes: SMART v1 <c>system/Type.read|write|*</c> and v2 <c>system/Type.cruds</c>.</summary>
public static partial class SmartScopes
{
    public static bool TryParse(string? text, out IReadOnlyList<SmartScope> scopes, out string? error)
    {
        var parsed = new List<SmartScope>();
        scopes = parsed;
        error = null;
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "no scope given; a backend service asks for system/ scopes, e.g. 'system/*.read'.";
            return false;
        }

        foreach (var part in parts)
        {
            var match = ScopePattern().Match(part);
            if (!match.Success)
            {
                error = $"'{part}' is not a backend-service scope (system/<Type or *>.<read|write|*|cruds>; no patient/ or user/ scopes, no query).";
                return false;
            }

            var permissions = match.Groups["access"].Value switch
            {
                "read" => "rs",
                "write" => "cud",
                "*" => "cruds",
                var v2 => v2,
            };
            parsed.Add(new SmartScope(match.Groups["type"].Value, permissions));
        }

        return true;
    }

    [GeneratedRegex(@"^system/(?<type>[A-Z][A-Za-z]+|\*)\.(?<access>read|write|\*|(?=[cruds])c?r?u?d?s?)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();
}
