package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.io.Invocation;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ReadLimits;
import dev.ariel.parse.VmReader;
import dev.ariel.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Models written as Java: a single source file whose {@code Shape model()} method (static or not,
 * in a class of its own or a compact source file's implicit class) builds a shape with
 * {@code dev.ariel.shape}. Like {@code java File.java}, the file is compiled in memory and run;
 * here, in the command's own JVM, never in the daemon, which other commands share. A compile
 * error or an exception in the script is one line naming the file and line, like a bad
 * {@code .vm}.
 */
final class JavaModels {
    private static final java.util.regex.Pattern MAIN = java.util.regex.Pattern.compile("\\bvoid\\s+main\\s*\\(");

    private JavaModels() {}

    /** Whether {@code given} names a model written in Java. */
    static boolean isJava(Path given) {
        return given.toString().endsWith(".java");
    }

    /** The model {@code given}: {@code .java} files run as scripts, anything else is read as {@code .vm}. */
    static Model read(Path given) throws ModelException, IOException {
        return isJava(given) ? load(given) : Model.read(given);
    }

    /** Compiles and runs the Java model {@code given}, returning the shape it builds. */
    static Model load(Path given) throws ModelException, IOException {
        String name = VmReader.sourceName(given);
        if (Invocation.current().shared()) {
            throw new ModelException(name, 0, "a model written in Java runs in its own process, not in the daemon "
                    + "that other commands share: run the command with --no-daemon");
        }
        String text = new String(VmReader.readBytes(given, ReadLimits.defaults()), StandardCharsets.UTF_8);
        // A compact source file must have a main method; a model file need not, so it gets an
        // empty one after its last line (line numbers stay the user's).
        if (!MAIN.matcher(text).find()) text = text + "\nvoid main() {}\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new ModelException(name, 0, "running a model written in Java needs a JDK's compiler (javac)");
        Map<String, ByteArrayOutputStream> classes = compile(javac, name, given, text);
        return Model.of(run(name, classes), name);
    }

    private static Map<String, ByteArrayOutputStream> compile(JavaCompiler javac, String name, Path given, String text)
            throws ModelException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + fileName(given)), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        classes.put(className, b);
                        return b;
                    }
                };
            }
        };
        // The model sees Ariel's own classes: the jar it runs from and the jars beside it.
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none", "-implicit:none",
                "-Xlint:none", "-g");
        boolean ok = javac.getTask(null, inMemory, diagnostics, options, null, List.of(source)).call();
        if (!ok) {
            Diagnostic<? extends JavaFileObject> first = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).findFirst().orElse(null);
            String message = first == null ? "does not compile" : oneLine(first.getMessage(Locale.ROOT));
            throw new ModelException(name, first == null ? 0 : (int) Math.max(0, first.getLineNumber()), message);
        }
        return classes;
    }

    // javac's "cannot find symbol" says which on its second line ("symbol: method circel(double)").
    private static String oneLine(String message) {
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) return "does not compile";
        String more = lines.size() > 1 && lines.get(1).startsWith("symbol:") ? ": " + lines.get(1).substring(7).strip() : "";
        return lines.getFirst() + more;
    }

    private static Shape run(String name, Map<String, ByteArrayOutputStream> classes) throws ModelException {
        ClassLoader loader = new ClassLoader(JavaModels.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                ByteArrayOutputStream b = classes.get(className);
                if (b == null) throw new ClassNotFoundException(className);
                byte[] bytes = b.toByteArray();
                return defineClass(className, bytes, 0, bytes.length);
            }
        };
        // Top-level classes first (a compact file's implicit class is one), then nested ones.
        for (String className : classes.keySet().stream().sorted(java.util.Comparator.comparing((String n) -> n.contains("$"))
                .thenComparing(n -> n)).toList()) {
            Class<?> c;
            try {
                c = loader.loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ModelException(name, 0, "cannot load its class " + className + ": " + e.getMessage());
            }
            Method model = modelMethod(c);
            if (model != null) return call(name, c, model);
        }
        throw new ModelException(name, 0, "has no 'Shape model()' method: write one that returns the shape to render");
    }

    private static Method modelMethod(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals("model") && m.getParameterCount() == 0 && Shape.class.isAssignableFrom(m.getReturnType())) {
                return m;
            }
        }
        return null;
    }

    private static Shape call(String name, Class<?> c, Method model) throws ModelException {
        try {
            model.setAccessible(true);
            Object self = null;
            if (!Modifier.isStatic(model.getModifiers())) {
                var constructor = c.getDeclaredConstructor();
                constructor.setAccessible(true);
                self = constructor.newInstance();
            }
            Object shape = model.invoke(self);
            if (shape == null) throw new ModelException(name, 0, "model() returned null, not a shape");
            return (Shape) shape;
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw new ModelException(name, lineIn(t, name), t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("")));
        } catch (ReflectiveOperationException e) {
            throw new ModelException(name, 0, "cannot call model(): " + e);
        }
    }

    // The script's own frame nearest the throw: where the user looks.
    private static int lineIn(Throwable t, String name) {
        String file = fileName(Path.of(name));
        for (StackTraceElement f : t.getStackTrace()) {
            if (file.equals(f.getFileName()) && f.getLineNumber() > 0) return f.getLineNumber();
        }
        return 0;
    }

    // A compact file's class is named after its file, so the name must be a Java identifier:
    // letter-a.java compiles as letter_a.java.
    private static String fileName(Path given) {
        Path f = given.getFileName();
        String base = f == null ? "model" : f.toString().replaceFirst("\\.java$", "");
        StringBuilder b = new StringBuilder();
        base.codePoints().forEach(cp -> b.appendCodePoint(b.isEmpty() ? (Character.isJavaIdentifierStart(cp) ? cp : '_')
                : Character.isJavaIdentifierPart(cp) ? cp : '_'));
        if (b.isEmpty()) b.append("model");
        if (javax.lang.model.SourceVersion.isKeyword(b)) b.append('_'); // null.java compiles as null_.java
        return b + ".java";
    }
}
