// Package opensanctions reads OpenSanctions FollowTheMoney exports (entities.ftm.json:
// one JSON entity per line) into sanctions lists.
//
// What is read: every CryptoWallet (publicKey: an address; accountId: an account at an
// exchange, matched as exact text; currency: the ticker; holder: the party), the holders
// (Person, Organization, Company, LegalEntity, PublicBody: names, topics, ID and passport
// numbers, date of birth) and the Sanction entities that name a wallet or a holder
// (authority, program, provisions, authorityId, startDate, endDate). The topic
// "crime.terror" (of the wallet or its holder) gives sanctions.CategoryTerrorismFinancing,
// "sanction" gives sanctions.CategorySanctions; a value with both is listed under both. A
// value whose every Sanction has an endDate has Until set to the end of the latest one's
// last day (EndedBy names the sanction), so that a screener reports it DELISTED after it.
//
// The dataset of an entity (its "datasets") is the source: ReadDatasets returns one list
// per dataset (Source.Name "OpenSanctions <dataset>"); Read, the registered reader of the
// format "ftm", returns one list for the file and, when the file holds several datasets,
// prefixes each value's Reference with its dataset. Either way every value keeps the
// category of its own topics, so the hits are those of the native readers of the
// publications the datasets were built from.
//
// The reader streams: it never holds more than the wallets, their holders and their
// sanctions. Holders and sanctions may come before or after their wallets in the file:
// from an io.ReadSeeker (an *os.File) the reader makes a second pass; from any other
// reader it writes the lines it cannot place yet (candidate holders and sanctions) to a
// temporary file and passes over that file once at the end.
//
// Malformed lines are issues with their line numbers; wallets without a value, holders
// that are not in the file, values without a risk topic, values typed with look-alike
// letters or with an "(Address tag N)" suffix are issues of their own kinds. Nothing is
// dropped in silence.
//
// The project ships this reader, never OpenSanctions data: their data is licensed for
// non-commercial use (CC BY-NC) unless a licence is bought.
package opensanctions
