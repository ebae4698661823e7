using System.Globalization;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>Go's <c>time.ParseDuration</c> syntax (<c>90s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>300ms</c>, <c>-2s</c>, <c>0</c>).</summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalNanoseconds = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            var number = s[..numberLength];
            if (number.IsEmpty || number.SequenceEqual(".") || number.Count('.') > 1
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            decimal? scale = s[..unitLength] switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            s = s[unitLength..];
            try
            {
                totalNanoseconds += value * scale.Value;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        // Go durations are int64 nanoseconds.
        if (totalNanoseconds > long.MaxValue)
        {
            return false;
        }

        var ticks = (long)(totalNanoseconds / 100m);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String</c> for whole-second and sub-second values (<c>1m30s</c>, <c>500ms</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = value < TimeSpan.Zero ? "-" : string.Empty;
        value = value.Duration();
        if (value < TimeSpan.FromSeconds(1))
        {
            return sign + value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var hours = (long)value.TotalHours;
        var minutes = value.Minutes;
        var seconds = (value - TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(minutes)).TotalSeconds;
        var secondsText = seconds.ToString(CultureInfo.InvariantCulture) + "s";
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{hours}h{minutes}m{secondsText}")
            : minutes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{sign}{minutes}m{secondsText}")
                : sign + secondsText;
    }
}
