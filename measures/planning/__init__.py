"""The plan's life on the measure side: carrying unfinished measures into the next plan
(videreføring), the yearly work plan, funding decisions, ongoing projects, handing over
the measures of a person who leaves, and the "Hvem gjør hva" annex."""
