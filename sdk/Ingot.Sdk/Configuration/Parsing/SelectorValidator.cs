using System.Text;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// MetalLB's checks on a list of label selectors (<c>validateLabelSelectorDuplicate</c>, then
/// <c>metav1.LabelSelectorAsSelector</c>): no duplicate values in an expression, no duplicate expressions in a selector,
/// no two identical selectors, valid operators, keys and values.
/// </summary>
internal static class SelectorValidator
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;

    /// <summary>Returns the first problem of the list, or null when every selector is valid.</summary>
    /// <param name="selectors">The selectors.</param>
    /// <param name="field">The spec field, e.g. <c>nodeSelectors</c>, as MetalLB names it in messages.</param>
    /// <param name="path">The field's full path for messages that MetalLB has no wording for.</param>
    public static string? Validate(IReadOnlyList<LabelSelector> selectors, string field, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < selectors.Count; i++)
        {
            var selector = selectors[i];
            var expressions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var expression in selector.MatchExpressions)
            {
                var values = new HashSet<string>(StringComparer.Ordinal);
                foreach (var v in expression.Values)
                {
                    if (!values.Add(v))
                    {
                        return $"duplicate definition of match expression value in label selector \"{v}\"";
                    }
                }

                if (!expressions.Add(ExpressionKey(expression)))
                {
                    return $"duplicate definition of match expressions \"{ExpressionText(expression)}\"";
                }
            }

            if (!seen.Add(SelectorKey(selector)))
            {
                return $"duplicate definition of {field} \"{selector}\"";
            }

            var problem = Check(selector);
            if (problem is not null)
            {
                return $"{path}[{i}]: {problem}";
            }
        }

        return null;
    }

    /// <summary>The problem with one selector (LabelSelectorAsSelector's checks), or null.</summary>
    public static string? Check(LabelSelector selector)
    {
        foreach (var (key, value) in selector.MatchLabels)
        {
            var problem = CheckKey(key) ?? CheckValue(value);
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach (var e in selector.MatchExpressions)
        {
            var problem = CheckKey(e.Key);
            if (problem is not null)
            {
                return problem;
            }

            switch (e.Operator)
            {
                case "In" or "NotIn":
                    if (e.Values.Count == 0)
                    {
                        return $"key \"{e.Key}\": for 'in', 'notin' operators, values set can't be empty";
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (e.Values.Count != 0)
                    {
                        return $"key \"{e.Key}\": values set must be empty for exists and does not exist";
                    }

                    break;
                default:
                    return $"\"{e.Operator}\" is not a valid label selector operator";
            }

            foreach (var v in e.Values)
            {
                problem = CheckValue(v);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? CheckKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > MaxPrefixLength || !IsDnsSubdomain(prefix))
            {
                return $"invalid label key \"{key}\": prefix part must be a lowercase RFC 1123 subdomain";
            }
        }

        if (name.Length == 0 || name.Length > MaxNameLength || !IsLabelName(name))
        {
            return $"invalid label key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                + "start and end with an alphanumeric character, and be at most 63 characters";
        }

        return null;
    }

    private static string? CheckValue(string? value)
        => string.IsNullOrEmpty(value) || (value.Length <= MaxNameLength && IsLabelName(value))
            ? null
            : $"invalid label value \"{value}\": must be 63 characters or less, consist of alphanumeric characters, "
              + "'-', '_' or '.', and start and end with an alphanumeric character";

    private static bool IsLabelName(string s)
    {
        if (!char.IsAsciiLetterOrDigit(s[0]) || !char.IsAsciiLetterOrDigit(s[^1]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDnsSubdomain(string s)
    {
        foreach (var label in s.Split('.'))
        {
            if (label.Length == 0 || label.Length > MaxNameLength || !IsLowerAlnum(label[0]) || !IsLowerAlnum(label[^1]))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!IsLowerAlnum(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;

        static bool IsLowerAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
    }

    /// <summary>Identity of a selector as MetalLB compares them: labels sorted, expressions in order with values sorted.</summary>
    internal static string SelectorKey(LabelSelector selector)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(k).Append('=').Append(v).Append('\0');
        }

        sb.Append('\u0001');
        foreach (var e in selector.MatchExpressions)
        {
            sb.Append(ExpressionKey(e)).Append('\u0001');
        }

        return sb.ToString();
    }

    private static string ExpressionKey(LabelSelectorRequirement e)
        => e.Key + "\0" + e.Operator + "\0" + string.Join('\0', e.Values.Order(StringComparer.Ordinal));

    private static string ExpressionText(LabelSelectorRequirement e)
        => $"{e.Key} {e.Operator} [{string.Join(",", e.Values.Order(StringComparer.Ordinal))}]";
}
