package dev.ariel.compare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an SVG chart needs besides its layout: axis ticks at round steps, numbers and times as a
 * reader wants them, text widths estimated (SVG cannot measure text) and XML escaping. Every
 * format here is locale-free, so a chart depends only on its data.
 */
final class Svg {
    // SVG cannot measure text, so layout assumes these average advances of sans-serif, in ems, erring wide.
    static final double EM_PER_CHAR = 0.58;
    static final double EM_PER_BOLD_CHAR = 0.68;

    private Svg() {}

    /** Axis ticks at round steps (1, 2 or 5 times a power of ten) from 0 to the first one at or past a maximum. */
    record Ticks(BigDecimal step, int count) {
        static Ticks of(double max, int target) {
            if (!(max > 0)) return new Ticks(BigDecimal.ONE, 1);
            double raw = max / target;
            int exponent = (int) Math.floor(Math.log10(raw));
            double fraction = raw / Math.pow(10, exponent);
            int mantissa = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
            BigDecimal step = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
            BigDecimal steps = new BigDecimal(max).divide(step, 0, RoundingMode.CEILING);
            return new Ticks(step, Math.max(1, steps.intValueExact()));
        }

        double end() {
            return step.multiply(BigDecimal.valueOf(count)).doubleValue();
        }

        List<BigDecimal> values() {
            List<BigDecimal> v = new ArrayList<>();
            for (int i = 0; i <= count; i++) v.add(step.multiply(BigDecimal.valueOf(i)));
            return v;
        }
    }

    static String frames(long n) {
        return n == 1 ? "1 frame" : n + " frames";
    }

    /** Milliseconds as a reader wants them: whole from 10 up, below that one or two decimals. */
    static String ms(double v) {
        String pattern = v == 0 || Math.abs(v) >= 10 ? "%.0f" : Math.abs(v) >= 1 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** A coordinate with at most two decimals and no trailing zeros. */
    static String num(double v) {
        return plain(BigDecimal.valueOf(Math.round(v * 100), 2));
    }

    static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    static double textWidth(String s, double fontSize, boolean bold) {
        return s.codePointCount(0, s.length()) * fontSize * (bold ? EM_PER_BOLD_CHAR : EM_PER_CHAR);
    }

    /** {@code s} cut to {@code max} code points by an ellipsis in the middle, where both ends tell most. */
    static String shorten(String s, int max) {
        int n = s.codePointCount(0, s.length());
        if (n <= max) return s;
        int head = (max - 1) / 2;
        int tail = max - 1 - head;
        return s.substring(0, s.offsetByCodePoints(0, head)) + "\u2026" + s.substring(s.offsetByCodePoints(0, n - tail));
    }

    /**
     * {@code s} as XML character data or attribute value; characters XML 1.0 cannot hold at all
     * (most controls, lone surrogates) become U+FFFD so that the document still parses.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.appendCodePoint(isXmlChar(cp) ? cp : 0xFFFD);
            }
        }
        return b.toString();
    }

    private static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
