// OWL 2 DL profile check with the OWL API (the parser and profile checker Protégé uses), from the
// Debian package libowlapi-java. Run with Java's single-file source launcher:
//   java -cp <owlapi jars> ProfileCheck.java ONTOLOGY CATALOG|- [ONTOLOGY CATALOG|- ...]
// Each ontology is loaded in a fresh manager; imports are resolved only through its XML catalog
// (as Protégé does) and nothing is fetched. Output: one line "ONTOLOGY<TAB>Kind: detail" per
// problem (profile violation, unparsed triple, load error), then a summary line on stderr.
// Exit 0 all in OWL 2 DL, 1 violations, 2 an ontology cannot be loaded.
import java.io.File;
import javax.xml.parsers.DocumentBuilderFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.SimpleIRIMapper;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: ProfileCheck ONTOLOGY CATALOG|- [ONTOLOGY CATALOG|- ...]");
            System.exit(2);
        }
        int status = 0;
        for (int i = 0; i < args.length; i += 2) {
            status = Math.max(status, check(new File(args[i]).getAbsoluteFile(), args[i + 1]));
        }
        System.exit(status);
    }

    static int check(File file, String catalogPath) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getIRIMappers().clear(); // no web look-ups: only the catalog's mappings
        if (!catalogPath.equals("-")) {
            File catalog = new File(catalogPath).getAbsoluteFile();
            NodeList uris = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(catalog)
                .getElementsByTagName("uri");
            for (int i = 0; i < uris.getLength(); i++) {
                Element uri = (Element) uris.item(i);
                File target = new File(catalog.getParentFile(), uri.getAttribute("uri"));
                manager.getIRIMappers().add(new SimpleIRIMapper(IRI.create(uri.getAttribute("name")), IRI.create(target)));
            }
        }
        // Not strict: Protégé loads non-strictly too; what strict parsing refuses, the profile reports.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file), config);
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage()).split("\n")[0];
            System.out.println(file + "\tLoadError: " + message);
            return 2;
        }
        int problems = 0;
        // Triples the parser could not turn into axioms: not OWL 2 DL either.
        var format = manager.getOntologyFormat(ontology);
        if (format != null && format.getOntologyLoaderMetaData().isPresent()) {
            for (RDFTriple triple : (Iterable<RDFTriple>) format.getOntologyLoaderMetaData().get().getUnparsedTriples()::iterator) {
                System.out.println(file + "\tUnparsedTriple: " + triple);
                problems++;
            }
        }
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println(file + "\t" + violation.getClass().getSimpleName() + ": " + violation.toString().replace('\n', ' '));
            problems++;
        }
        System.err.println(file + ": " + ontology.getImportsClosure().size() + " ontologies in the imports closure, "
            + ontology.getAxiomCount() + " axioms, " + problems + " problems");
        return problems == 0 ? 0 : 1;
    }
}
